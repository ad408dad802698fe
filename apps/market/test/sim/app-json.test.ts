// The compiled app.json says what config/app.ts says (tools/taro-config's defineTianyuanApp),
// including the preloadRule that has WeChat fetch the subpackage a user opens next while the
// link is up.
import fs from 'node:fs'
import path from 'node:path'
import { appConfigOf } from '@tianyuan/taro-config/app-config'
import { app } from '../../config/app'

const appJson = () => JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../dist/weapp/app.json'), 'utf8')) as Record<string, unknown>

test('app.json preloads pkg from the home page on any network, with the title, theme and tabs of config/app.ts', () => {
  const json = appJson()
  expect(json.preloadRule).toEqual({ 'pages/index/index': { network: 'all', packages: ['pkg'] } })
  const expected = appConfigOf(app, 'weapp')
  expect(json.window).toEqual(expected.window)
  expect(json.tabBar).toEqual(expected.tabBar)
  expect(json.pages).toEqual(expected.pages)
  expect(json.subPackages ?? json.subpackages).toEqual(expected.subPackages)
})
