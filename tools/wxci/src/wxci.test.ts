// The stage's command on a committed fixture mini-program (test/fixtures/tiny), as `npm test`
// runs it: real miniprogram-ci, no app build needed. Each broken copy breaks one thing on purpose.
// One run of the command checks all four copies, as the stage checks the four apps in one process:
// loading miniprogram-ci takes most of a run's time, so both tests read that one run.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AppCheck } from './index'

const fixture = path.join(__dirname, '..', 'test', 'fixtures', 'tiny')
const tsx = path.join(__dirname, '..', 'node_modules', '.bin', 'tsx')
const cli = path.join(__dirname, 'cli.ts')

const scratch: string[] = []
const tempDir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  scratch.push(dir)
  return dir
}
afterAll(() => scratch.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })))

/** A copy of the fixture with one change applied. */
function copyOf(name: string, change: (dir: string) => void = () => {}): string {
  const dir = path.join(tempDir('wxci-'), name)
  fs.cpSync(fixture, dir, { recursive: true })
  change(dir)
  return dir
}

function setting(dir: string, key: string, value: boolean) {
  const file = path.join(dir, 'project.config.json')
  const config = JSON.parse(fs.readFileSync(file, 'utf8')) as { setting: Record<string, boolean> }
  config.setting[key] = value
  fs.writeFileSync(file, JSON.stringify(config, null, 2))
}

function runCli(dirs: string[]) {
  const json = path.join(tempDir('wxci-json-'), 'out.json')
  const r = spawnSync(tsx, [cli, ...dirs.flatMap((d) => ['--dir', d]), '--json', json], { encoding: 'utf8', timeout: 300_000 })
  const results = fs.existsSync(json) ? (JSON.parse(fs.readFileSync(json, 'utf8')) as AppCheck[]) : []
  return { code: r.status, out: `${r.stdout}\n${r.stderr}`, results, byApp: (app: string) => results.find((x) => x.app === app) }
}

const failedRules = (check: AppCheck | undefined) => check?.rules.filter((r) => !r.ok).map((r) => r.name)

let run: ReturnType<typeof runCli>
beforeAll(() => {
  const compressionOff = copyOf('js-compression-off', (d) => setting(d, 'minified', false))
  const good = copyOf('good')
  const unused = copyOf('unused-file', (d) => fs.writeFileSync(path.join(d, 'pkg', 'unused.js'), 'module.exports = 1\n'))
  const badWxml = copyOf('bad-wxml', (d) => fs.writeFileSync(path.join(d, 'pages', 'index', 'index.wxml'), '<view class="page"><text>{{title}</view>\n'))
  run = runCli([compressionOff, good, unused, badWxml])
}, 300_000)

test('one rule broken on purpose (JS compression off in project.config.json): the command names it and exits non-zero', () => {
  expect(run.code).toBe(1)
  expect(run.out).toMatch(/✗ JS_COMPRESS_OPEN: 对JS文件进行压缩/)
  expect(failedRules(run.byApp('js-compression-off'))).toEqual(['JS_COMPRESS_OPEN'])
  // …and that rule is one of the reasons the command gives for failing (the copy compiles; only the rule fails).
  expect(run.byApp('js-compression-off')).toMatchObject({ ok: false, compile: { ok: true } })
  expect(run.out).toMatch(/wxci: failed — .*js-compression-off: JS_COMPRESS_OPEN/)
})

test('the fixture passes; an unused file and a WXML the compiler rejects each fail, named', () => {
  expect(run.code).toBe(1)
  const passed = run.byApp('good')
  expect(passed?.compile.error).toBeUndefined()
  expect(passed).toMatchObject({ ok: true, compile: { ok: true } })
  // WeChat's count of the fixture is the bytes on disk, package by package, as ours is.
  expect(passed?.packages.map((p) => [p.name, p.wechat === p.ours])).toEqual([['main', true], ['pkg', true]])
  expect(passed?.rules.length).toBeGreaterThanOrEqual(11)
  // What cannot run offline (or at all in miniprogram-ci) is said, not skipped silently.
  expect(passed?.notChecked.join('\n')).toMatch(/CONTAINS_APPSECRET/)
  expect(run.out).toMatch(/not checked: upload-extension list/)

  expect(failedRules(run.byApp('unused-file'))).toEqual(['CONTAINS_UNUSED_CODES'])
  expect(JSON.stringify(run.byApp('unused-file')?.rules)).toMatch(/pkg\/unused\.js/)

  const rejected = run.byApp('bad-wxml')
  expect(rejected?.compile.ok).toBe(false)
  expect(rejected?.compile.error).toMatch(/index\.wxml/)
  expect(run.out).toMatch(/✗ WeChat's compiler rejects the build: .*index\.wxml/)
}, 300_000)
