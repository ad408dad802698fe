import { APP_NOTICE_TOPICS, NOTICE_LIMITS, type AppName, type Notice } from '@tianyuan/contracts'
import { noticeErrors, toNotices, type NoticesDeps } from './shared'

// What villagers read, signed in or not: an app's list and one notice. Expired and withdrawn
// notices are never served (the clock decides at every read; no sweep has to run first).

/**
 * `GET /api/notices?app=…`: unexpired notices, urgent ones first (in every app, whatever their
 * topic), then the app's topics; newest first within each; at most NOTICE_LIMITS.listMax. Without
 * `app`, every topic. Each carries its whole text and price table, so the phone's copy reads offline.
 */
export async function listNotices(deps: NoticesDeps, app: AppName | undefined): Promise<Notice[]> {
  const now = deps.now()
  let query = deps.db
    .selectFrom('notices')
    .selectAll()
    .where('withdrawn_at', 'is', null)
    .where('expires_at', '>', now)
  if (app) {
    const topics = [...APP_NOTICE_TOPICS[app]]
    query = query.where((eb) => eb.or([eb('urgent', '=', 1), eb('topic', 'in', topics)]))
  }
  const rows = await query.orderBy('urgent', 'desc').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(NOTICE_LIMITS.listMax).execute()
  return toNotices(deps.db, rows)
}

/** `GET /api/notices/:id`: a live notice; expired, withdrawn or unknown → 404. */
export async function getNotice(deps: NoticesDeps, id: string): Promise<Notice> {
  const row = await deps.db
    .selectFrom('notices')
    .selectAll()
    .where('id', '=', id)
    .where('withdrawn_at', 'is', null)
    .where('expires_at', '>', deps.now())
    .executeTakeFirst()
  if (!row) throw noticeErrors.notFound()
  return (await toNotices(deps.db, [row]))[0]!
}
