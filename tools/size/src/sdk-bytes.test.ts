import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { budgetFor, checkSdkBudget, isSdkModule, moduleTable, readWeappStats, sdkBytesIn, type BudgetFile, type WebpackStats } from './index'

// Module entries as Taro's weapp build emits them; the SDK's has braces in a string and a regex.
const SDK_CLIENT = `8774:function(n,e,t){t.d(e,{A:function(){return r}});var r=function(n){return/[{}]/.test(n)?"}{":n}}`
const APP_PAGE = `3912:function(e,n,t){"use strict";var r=t(8774);r.A("\\u6536")}`
const THUMBHASH = `51:function(e,n){n.x=1}`
const UI = `77:function(e,n){n.y="}"}`
const common = `"use strict";(wx["webpackJsonp"]=wx["webpackJsonp"]||[]).push([[2076],{${SDK_CLIENT},${UI},${THUMBHASH}}]);`
const app = `require("./common"),require("./runtime"),(wx["webpackJsonp"]=wx["webpackJsonp"]||[]).push([[3524],{${APP_PAGE}},function(e){e(e.s=3912)}]);`
const subpackage = `(wx["webpackJsonp"]=wx["webpackJsonp"]||[]).push([[900],{901:function(e,n){n.upload=1}}]);`

const stats: WebpackStats = {
  generatedAt: '2026-12-04T00:00:00Z',
  chunks: [
    {
      id: 2076,
      files: ['common.js'],
      modules: [
        { name: '../../packages/sdk/src/request/client.ts', size: 900, id: 8774 },
        { name: '../../packages/ui/src/Price/index.tsx', size: 100, id: 77 },
        { name: '../../node_modules/.pnpm/thumbhash@0.1.1/node_modules/thumbhash/thumbhash.js', size: 300, id: 51 },
      ],
    },
    { id: 3524, files: ['app.js'], modules: [{ name: './src/app.tsx', size: 400, id: 3912 }] },
    { id: 900, files: ['pkg/common.js'], modules: [{ name: '../../packages/sdk/src/image/upload.ts', size: 700, id: 901 }] },
  ],
}

function writeDist(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdk-bytes-'))
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, 'weapp', file)), { recursive: true })
    fs.writeFileSync(path.join(dir, 'weapp', file), content)
  }
  return path.join(dir, 'weapp')
}

test('each module entry of an emitted chunk, with its exact bytes', () => {
  const table = moduleTable(common)
  expect([...table.keys()]).toEqual(['8774', '77', '51'])
  expect(table.get('8774')).toBe(Buffer.byteLength(SDK_CLIENT))
  expect(table.get('77')).toBe(Buffer.byteLength(UI))
})

test("the SDK's bytes in the main package: its own modules and thumbhash there, nothing from a subpackage", () => {
  const dist = writeDist({ 'common.js': common, 'app.js': app, 'pkg/common.js': subpackage, 'app.wxss': '.a{}' })
  const sdk = sdkBytesIn(dist, ['common.js', 'app.js', 'app.wxss'], stats)
  expect(sdk.bytes).toBe(Buffer.byteLength(SDK_CLIENT) + Buffer.byteLength(THUMBHASH))
  expect(sdk.modules.map((m) => m.id)).toEqual(['8774', '51'])
  expect(sdk.mixed).toEqual([])
})

test('a module webpack concatenated from SDK and app code counts its SDK share, and says so', () => {
  const dist = writeDist({ 'app.js': app })
  const mixedStats: WebpackStats = {
    generatedAt: '',
    chunks: [{ id: 3524, files: ['app.js'], modules: [{ name: './src/app.tsx', size: 300, id: 3912 }, { name: '../../packages/sdk/src/react/use-sdk.ts', size: 100, id: 3912 }] }],
  }
  const sdk = sdkBytesIn(dist, ['app.js'], mixedStats)
  expect(sdk.bytes).toBe(Math.round(Buffer.byteLength(APP_PAGE) / 4))
  expect(sdk.mixed).toEqual([{ id: '3912', file: 'app.js', sdkShare: 0.25, bytes: Buffer.byteLength(APP_PAGE) }])
})

test('which modules are the SDK', () => {
  expect(isSdkModule('../../packages/sdk/src/request/client.ts')).toBe(true)
  expect(isSdkModule('../../node_modules/.pnpm/@tarojs+taro-loader@4.2.1/node_modules/@tarojs/taro-loader/lib/page.js!../../packages/sdk/src/react/net-image.tsx')).toBe(true)
  expect(isSdkModule('../../packages/ui/src/index.ts')).toBe(false)
  expect(isSdkModule('./src/sdk.ts')).toBe(false)
})

test('a stats file without module ids, or none at all, asks for a fresh build', () => {
  const dist = writeDist({ 'app.js': app })
  expect(() => readWeappStats(dist)).toThrow(/build the app for weapp again/)
  fs.writeFileSync(path.join(dist, '..', 'stats-weapp.json'), JSON.stringify({ generatedAt: '', chunks: [{ id: 1, files: [], modules: [{ name: 'x', size: 1 }] }] }))
  expect(() => readWeappStats(dist)).toThrow(/no module ids/)
  fs.writeFileSync(path.join(dist, '..', 'stats-weapp.json'), JSON.stringify(stats))
  expect(readWeappStats(dist).chunks).toHaveLength(3)
})

test('the SDK budget per app: over it fails, no budget never does', () => {
  const budgets: BudgetFile = { defaults: { mainKB: 600, subpackageKB: 1024, totalKB: 8192 }, apps: { market: { sdkMainKB: 2 }, classroom: {} } }
  expect(checkSdkBudget(2048, budgetFor(budgets, 'market'))).toMatchObject({ ok: true, limit: 2048 })
  expect(checkSdkBudget(2049, budgetFor(budgets, 'market'))).toMatchObject({ ok: false })
  expect(checkSdkBudget(10 ** 6, budgetFor(budgets, 'classroom')).ok).toBe(true)
})
