// The real API for the market's simulator suites, started in a child process (serve-api.ts)
// and reached over loopback, as a phone reaches the server.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import type { Order } from '@tianyuan/contracts/types'
import { sandboxLoginCode, signIn } from './sandbox'
import type { SellerFixture } from './seller-fixture'

export interface MarketApi {
  /** http://127.0.0.1:<port> */
  url: string
  seller: SellerFixture
  /** A fresh single-use wx.login code for this sandbox user. */
  loginCode(user: string): Promise<string>
  /** The user's orders, asked of the API with a session of their own. */
  ordersOf(user: string): Promise<Order[]>
  close(): Promise<void>
}

const API_DIR = path.resolve(__dirname, '../../../api')

export async function startMarketApi(): Promise<MarketApi> {
  // tsx from the API's own dependencies; cwd there so its config and modules resolve as in `npm start`.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'serve-api.ts')], { cwd: API_DIR, stdio: ['ignore', 'pipe', 'pipe'] })
  const ready = await new Promise<{ url: string; seller: SellerFixture }>((resolve, reject) => {
    let out = ''
    let err = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line) resolve(JSON.parse(line) as { url: string; seller: SellerFixture })
    })
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.on('exit', (code) => reject(new Error(`the API exited (${code}): ${err}`)))
  })
  const { url, seller } = ready
  return {
    url,
    seller,
    loginCode: (user) => sandboxLoginCode(url, user),
    async ordersOf(user) {
      const token = await signIn(url, user)
      const res = await fetch(`${url}/api/market/orders`, { headers: { authorization: `Bearer ${token}` } })
      return ((await res.json()) as { items: Order[] }).items
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
