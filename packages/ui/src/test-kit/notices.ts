// Notices as the API sends them, and the notice routes of the few-line test server (test-kit/sdk):
// the list with an ETag (304 when unchanged), one notice (404 once gone), the opening counter,
// the publisher's routes with Idempotency-Key replay (one notice per key, as the API stores it).
import type { Notice, PublishedNotice } from '@tianyuan/contracts/types'
import type { FakeReply, FakeRequest } from '@tianyuan/sdk/testing'

const org = { id: 'org-1', name: '城关镇卫生院', kind: '乡镇卫生院' as const }

export function notice(id: string, over: Partial<Notice> = {}): Notice {
  return {
    id,
    organisation: org,
    title: `通知 ${id}`,
    paragraphs: [`${id} 的第一段。`],
    topic: '价格行情',
    urgent: false,
    photos: [],
    priceTable: null,
    publishedAt: '2026-12-04T01:05:00Z',
    expiresAt: '2026-12-11T15:59:59Z',
    ...over,
  }
}

export const FROST = notice('n-frost', {
  title: '今晚有霜冻，请盖好大棚',
  topic: '天气预警',
  urgent: true,
  organisation: { id: 'org-2', name: '城关镇农技站', kind: '农技站' },
  paragraphs: ['今晚到明早气温降到零下三度。', '请在天黑前盖好大棚的草帘。'],
  photos: [{ id: 'photo-frost-0123456789', width: 800, height: 600, thumbhash: '' }],
})
export const CABBAGE = notice('n-cabbage', {
  title: '今日批发价：白菜、土豆',
  paragraphs: ['县批发市场今天下午两点的价格。'],
  priceTable: [
    { product: '大白菜', unit: '公斤', priceFen: 120, changeFen: 5 },
    { product: '土豆', unit: '公斤', priceFen: 260, changeFen: -10 },
  ],
})

export interface NoticeRoutes {
  /** The live list (the server's order). */
  notices: Notice[]
  /** The publisher's own. */
  published: PublishedNotice[]
  /** Ids that answer 404 (expired or withdrawn). */
  gone: Set<string>
  /** Every POST …/opened body. */
  opened: { id: string; body: unknown }[]
  /** Publish requests that made a notice (one per Idempotency-Key). */
  created: unknown[]
  /** 403 NOT_A_PUBLISHER on the publisher's routes. */
  notPublisher: boolean
  /** GETs answered 304. */
  notModified: number
  routes(req: FakeRequest): FakeReply | undefined
}

export function noticeRoutes(notices: Notice[] = [FROST, CABBAGE]): NoticeRoutes {
  const replies = new Map<string, FakeReply>()
  const state: NoticeRoutes = {
    notices,
    published: [],
    gone: new Set(),
    opened: [],
    created: [],
    notPublisher: false,
    notModified: 0,
    routes(req): FakeReply | undefined {
      const [path = ''] = req.path.split('?')
      const etag = `"${JSON.stringify(state.notices).length}-${state.notices.map((n) => n.id).join(',')}"`
      if (req.method === 'GET' && path === '/api/notices') {
        if (req.headers['if-none-match'] === etag) {
          state.notModified++
          return { status: 304, headers: { etag } }
        }
        return { headers: { etag }, body: { notices: state.notices } }
      }
      const forbidden = { status: 403, body: { code: 'NOT_A_PUBLISHER', message: '只有单位的账号才能发布通知' } }
      if (req.method === 'GET' && path === '/api/notices/published') {
        if (state.notPublisher) return forbidden
        return { body: { organisation: org, notices: state.published, quota: { usedToday: 1, perDay: 10 } } }
      }
      if (req.method === 'POST' && path === '/api/notices') {
        if (state.notPublisher) return forbidden
        const key = req.headers['idempotency-key'] ?? ''
        const replay = replies.get(key)
        if (replay) return { ...replay, headers: { 'idempotent-replayed': 'true' } }
        const body = req.json() as Record<string, unknown>
        state.created.push(body)
        const made: PublishedNotice = { ...notice(`n-new-${state.created.length}`, { title: String(body.title) }), status: 'live', statusWord: '展示中', openedCount: 0, withdrawnAt: null }
        state.published.unshift(made)
        const reply = { status: 201, body: { notice: made } }
        replies.set(key, reply)
        return reply
      }
      const withdraw = /^\/api\/notices\/([^/]+)\/withdraw$/.exec(path)
      if (req.method === 'POST' && withdraw) {
        const i = state.published.findIndex((n) => n.id === withdraw[1])
        const before = state.published[i]
        if (!before) return { status: 404, body: { code: 'NOT_FOUND', message: '没有这条通知' } }
        const after: PublishedNotice = { ...before, status: 'withdrawn', statusWord: '已撤回', withdrawnAt: '2026-12-04T03:00:00Z' }
        state.published[i] = after
        return { body: { notice: after } }
      }
      const opened = /^\/api\/notices\/([^/]+)\/opened$/.exec(path)
      if (req.method === 'POST' && opened) {
        state.opened.push({ id: opened[1] ?? '', body: req.json() })
        return { body: { ok: true } }
      }
      const one = /^\/api\/notices\/([^/]+)$/.exec(path)
      if (req.method === 'GET' && one) {
        const found = state.notices.find((n) => n.id === one[1])
        if (!found || state.gone.has(found.id)) return { status: 404, body: { code: 'NOT_FOUND', message: '这条通知已过期或已撤回' } }
        return { body: { notice: found } }
      }
      return undefined
    },
  }
  return state
}
