// The real API for the market's simulator suites, started in a child process (serve-api.ts)
// and reached over loopback, as a phone reaches the server.
import path from 'node:path'
import type { Order } from '@tianyuan/contracts/types'
import { sandboxLoginCode, signIn, startChildServer } from '@tianyuan/sim'
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

export interface MarketApiOptions {
  /** Seed 通知到人's organisations, publishers (sandbox users by name) and a live notice of every topic. */
  notices?: boolean
}

export async function startMarketApi(options: MarketApiOptions = {}): Promise<MarketApi> {
  // cwd in the API's package, so tsx, its config and its modules resolve as in `npm start`.
  const env = options.notices ? { MARKET_SIM_NOTICES: '1' } : undefined
  const server = await startChildServer<{ url: string; seller: SellerFixture }>({ script: path.join(__dirname, 'serve-api.ts'), cwd: API_DIR, env })
  const { url, seller } = server.ready
  return {
    url,
    seller,
    loginCode: (user) => sandboxLoginCode(url, user),
    async ordersOf(user) {
      const token = await signIn(url, user)
      const res = await fetch(`${url}/api/market/orders`, { headers: { authorization: `Bearer ${token}` } })
      return ((await res.json()) as { items: Order[] }).items
    },
    close: () => server.close(),
  }
}
