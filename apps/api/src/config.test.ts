import path from 'node:path'
import { ConfigError, REPO_ROOT, loadConfig } from './config'

describe('loadConfig', () => {
  test('defaults work out of the box: embedded SQLite under the repo-root data/', () => {
    const config = loadConfig({})
    expect(config.database).toEqual({ kind: 'sqlite', file: path.join(REPO_ROOT, 'data', 'tianyuan.db') })
    expect(config.mediaDir).toBe(path.join(REPO_ROOT, 'data', 'media'))
    expect(config.port).toBe(3000)
    expect(config.wechat.apiBase).toBe('https://api.weixin.qq.com')
  })

  test('DATABASE_URL picks PostgreSQL or an SQLite file', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).database).toEqual({ kind: 'postgres', url: 'postgres://u@h:5432/db' })
    expect(loadConfig({ DATABASE_URL: 'sqlite:other.db', DATA_DIR: '/tmp/x' }).database).toEqual({ kind: 'sqlite', file: '/tmp/x/other.db' })
    expect(loadConfig({ DATABASE_URL: 'file:/abs/a.db' }).database).toEqual({ kind: 'sqlite', file: '/abs/a.db' })
  })

  test('invalid values stop the start with every problem named', () => {
    let error: unknown
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', WECHAT_API_BASE: 'not a url' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const message = (error as ConfigError).message
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'WECHAT_API_BASE']) expect(message).toContain(name)
  })

  test('production refuses the development WeChat credentials', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/WECHAT_APPID[\s\S]*WECHAT_SECRET/)
    expect(loadConfig({ NODE_ENV: 'production', WECHAT_APPID: 'wx1', WECHAT_SECRET: 's' }).env).toBe('production')
  })
})
