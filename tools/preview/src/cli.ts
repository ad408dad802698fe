// `node --import tsx src/cli.ts [--port N] [--no-precompress]` (run from tools/preview, or
// through `npm start`): precompresses the built apps, serves them, prints one URL.
import { API_PREFIXES, defaultApps } from './apps'
import { precompress, summarize } from './precompress'
import { startPreview } from './server'
import { openApi, type EmbeddedApi } from '@tianyuan/api'
import fs from 'node:fs'
import path from 'node:path'

export const DEFAULT_PORT = 5173

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PORT
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`✗ 端口 "${value}" 不对：要 0-65535 之间的整数（PORT=${value}）`)
    process.exit(2)
  }
  return port
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const portFlag = args.indexOf('--port')
  const port = parsePort(portFlag >= 0 ? args[portFlag + 1] : process.env.PORT)
  const apps = defaultApps()
  if (!args.includes('--no-precompress')) {
    for (const app of apps) {
      if (!fs.existsSync(path.join(app.dir, 'index.html'))) {
        console.log(`· ${app.name}: no H5 build (the launcher says so)`)
        continue
      }
      console.log(`› precompressing ${app.name}: ${summarize(await precompress(app.dir))}`)
    }
  }
  // The API on the same origin: embedded SQLite under data/ (created, migrated and seeded on
  // first start) and the local WeChat (login, pay, cashier) at /wechat-sandbox.
  console.log('› starting the API (embedded SQLite, local WeChat sandbox)')
  const api: EmbeddedApi = await openApi()
  let preview
  try {
    preview = await startPreview({ port, apps, apiHandler: api.fetch, apiPrefixes: [...API_PREFIXES] })
  } catch (e) {
    await api.close()
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`✗ 端口 ${port} 已被占用（port ${port} is in use）。换一个端口：PORT=${port + 1} npm start`)
      process.exit(1)
    }
    throw e
  }
  // Payment notifications and the sandbox's own calls come back to this address.
  api.setOrigin(preview.url.replace(/\/$/, ''))
  console.log(`\n  田园预览 / Tianyuan preview:  ${preview.url}\n\n  Ctrl-C 停止\n`)
  const stop = (): void => {
    api.beginShutdown()
    void preview
      .close()
      .then(() => api.close())
      .then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
