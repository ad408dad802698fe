// 通知到人 offline: a villager opens the market once with a signal — the home page's strip (urgent
// first) and one notice — then the app is closed and started again with no network: the strip
// and the notice's text, price table included, come from the phone's copy. Also the figures for
// the closing note: the bytes of the list and of one notice, first and on a repeat visit (304).
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import type { NoticeListResponse } from '@tianyuan/contracts/types'
import { startMarketApi, type MarketApi } from '../support/market-api'
import { launchMarket } from '../support/phone'

const dist = path.resolve(__dirname, '../../dist/weapp')
const DETAIL = 'notices/pages/detail/index'

let api: MarketApi
beforeAll(async () => {
  api = await startMarketApi({ notices: true })
}, 60_000)
afterAll(() => api.close())

test('a notice read once online reads again after a cold start with the network off', async () => {
  const online = await launchMarket(api, { dist })
  const home = online.page
  await home.waitForText(/寒潮蓝色预警/, { selector: '#notice-strip-0' })
  // Urgent first, with its label; then the market's own topic (价格行情); nothing of other apps' topics.
  expect(home.text('#notice-strip-0')).toMatch(/^紧急/)
  expect(home.text('#notice-strip-1')).toMatch(/县批发市场价格$/)
  expect(home.has('#notice-strip-2')).toBe(false)

  await home.tap('#notice-strip-1')
  const detail = await online.waitForPage(DETAIL)
  await detail.waitForText(/县批发市场价格/, { selector: '#notice-title' })
  const paragraphs = detail.text('#notice-text')
  expect(paragraphs.length).toBeGreaterThan(10)
  expect(detail.text('#notice-prices')).toContain('品名')
  const rowsOnline = detail.findAll('#notice-prices .ty-ptable__row').length
  expect(rowsOnline).toBeGreaterThan(2)
  // The opening is counted once (no personal data: the phone's random id, nobody signed in).
  await detail.waitFor(() => online.wx.requests.some((r) => r.method === 'POST' && /\/api\/notices\/[^/]+\/opened$/.test(r.url) && r.status === 200))
  // No voice in the simulator (no WechatSI plugin declared): no 听 button.
  expect(detail.has('#notice-listen-start')).toBe(false)

  // Closed, and started again where there is no signal.
  const offline = await launchMarket(api, { dist, keepStorage: true, network: 'none' })
  const homeAgain = offline.page
  await homeAgain.waitForText(/寒潮蓝色预警/, { selector: '#notice-strip-0' })
  await homeAgain.tap('#notice-strip-1')
  const detailAgain = await offline.waitForPage(DETAIL)
  await detailAgain.waitForText(/县批发市场价格/, { selector: '#notice-title' })
  expect(detailAgain.text('#notice-text')).toBe(paragraphs)
  expect(detailAgain.findAll('#notice-prices .ty-ptable__row')).toHaveLength(rowsOnline)
  await detailAgain.waitForText(/网络已断开|没有网络/)
  expect(offline.wx.requests.filter((r) => r.status !== undefined)).toEqual([])
  expect(offline.errors).toEqual([])
}, 90_000)

test('bytes of the notice list and of one notice: first visit, and a repeat visit (304)', async () => {
  const listUrl = `${api.url}/api/notices?app=market`
  const first = await fetch(listUrl)
  const listBody = await first.text()
  const etag = first.headers.get('etag')
  expect(etag).toBeTruthy()
  const list = JSON.parse(listBody) as NoticeListResponse
  const prices = list.notices.find((n) => n.priceTable)!
  const one = await fetch(`${api.url}/api/notices/${prices.id}`)
  const oneBody = await one.text()
  const oneEtag = one.headers.get('etag')
  const again = await fetch(listUrl, { headers: { 'if-none-match': etag ?? '' } })
  expect(again.status).toBe(304)
  const againOne = oneEtag ? await fetch(`${api.url}/api/notices/${prices.id}`, { headers: { 'if-none-match': oneEtag } }) : undefined
  // What travels for an answer without a body: the status line and the headers.
  const headerBytes = (r: Response) => {
    let n = 20
    r.headers.forEach((v, k) => (n += k.length + v.length + 4))
    return n
  }
  const figures = {
    listNotices: list.notices.length,
    listBytes: Buffer.byteLength(listBody),
    listGzipBytes: gzipSync(listBody).length,
    noticeBytes: Buffer.byteLength(oneBody),
    noticeGzipBytes: gzipSync(oneBody).length,
    repeatListStatus: again.status,
    repeatListBytes: headerBytes(again) + (await again.text()).length,
    repeatNoticeStatus: againOne?.status ?? 'no ETag',
    repeatNoticeBytes: againOne ? headerBytes(againOne) + (await againOne.text()).length : undefined,
  }
  console.log(`notice bytes: ${JSON.stringify(figures)}`)
  // The list with every notice's text stays well under the ~20 KB a 2G first screen allows.
  expect(figures.listGzipBytes).toBeLessThan(20 * 1024)
})
