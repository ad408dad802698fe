// Where notices live: the API's paths and the pages of each app's `notices` subpackage (the same
// root and page names in all four apps, so the shared pages link to each other). Plain constants:
// NoticeStrip (main package) imports this file.
import type { AppName } from '@tianyuan/contracts/types'

/** `GET /api/notices?app=…`: the app's unexpired notices, urgent first, each with its whole text. */
export const NOTICES_PATH = '/notices'
/** `GET /api/notices/published`: the publisher's own, with open counts. */
export const PUBLISHED_NOTICES_PATH = '/notices/published'
export const noticePath = (id: string) => `/notices/${encodeURIComponent(id)}`
export const noticeOpenedPath = (id: string) => `/notices/${encodeURIComponent(id)}/opened`
export const noticeWithdrawPath = (id: string) => `/notices/${encodeURIComponent(id)}/withdraw`

/** The list query's params: one key for the strip, the list page and the detail page's fallback. */
export const noticeListParams = (app: AppName) => ({ app })

/** The subpackage's pages (config/app.ts: root 'notices'). */
export const NOTICE_PAGES = {
  list: '/notices/pages/list/index',
  detail: (id: string) => `/notices/pages/detail/index?id=${encodeURIComponent(id)}`,
  publish: '/notices/pages/publish/index',
  published: '/notices/pages/published/index',
} as const

/** What a screen reader and the strip say for an urgent notice. */
export const URGENT_WORD = '紧急'
