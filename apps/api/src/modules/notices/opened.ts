import path from 'node:path'
import { createHmac, randomBytes } from 'node:crypto'
import type { Config } from '../../config'
import { affected } from '../../platform/db/rows'
import { secretFromFile } from '../../platform/secrets'
import { noticeErrors, type NoticesDeps } from './shared'

// 通知到人: how many people opened a notice, with no personal data.
//
// An opening is counted once per reader (the signed-in account, or a phone's own random device id).
// To know "this reader was already counted" without keeping who the reader is, the notice keeps a
// set of marks: mark = HMAC-SHA256(server secret, notice salt ‖ reader).
// - No user id or device id is stored, only the mark; the database alone cannot test a candidate
//   id against it (the server secret is not in the database).
// - The salt is random per notice, so one reader's marks on two notices differ: no reading history
//   can be put together across notices, even with the secret.
// - A mark has no time and no row id of its own (primary key (notice_id, mark)), so it cannot be
//   matched with request logs by time; the route is mounted before the idempotency store (which
//   would keep "user X posted /notices/N/opened" for 24 h) and drops the user id from its log line.
// - When the notice expires or is withdrawn, its marks and its salt are deleted: only the count is
//   left, which is the whole of what the publisher sees.

/** The server secret of the marks: NOTICES_OPENED_SECRET, else one generated at first start (0600, never committed). */
export function loadOpenedSecret(config: Config): Buffer {
  if (config.notices.openedSecret) return Buffer.from(config.notices.openedSecret)
  return secretFromFile(path.join(config.dataDir, 'notices', 'opened-secret'))
}

/** A new notice's salt. */
export const newOpenedSalt = () => randomBytes(32).toString('base64url')

/** Who is reading, as the mark's input: an account or a phone, never both forms alike. */
export type Reader = { kind: 'user'; userId: string } | { kind: 'device'; deviceId: string }

function markOf(secret: Buffer, salt: string, reader: Reader): string {
  const who = reader.kind === 'user' ? `u:${reader.userId}` : `d:${reader.deviceId}`
  return createHmac('sha256', secret).update(`${salt}\n${who}`).digest('base64url')
}

/** `POST /api/notices/:id/opened`: counts this reader once; a live notice only (else 404). */
export async function recordOpened(deps: NoticesDeps, noticeId: string, reader: Reader): Promise<{ counted: boolean }> {
  const now = deps.now()
  return deps.db.transaction().execute(async (tx) => {
    const notice = await tx
      .selectFrom('notices')
      .select(['id', 'opened_salt'])
      .where('id', '=', noticeId)
      .where('withdrawn_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst()
    if (!notice || notice.opened_salt === null) throw noticeErrors.notFound()
    const inserted = await tx
      .insertInto('notice_open_marks')
      .values({ notice_id: noticeId, mark: markOf(deps.openedSecret, notice.opened_salt, reader) })
      .onConflict((oc) => oc.columns(['notice_id', 'mark']).doNothing())
      .returning('mark')
      .executeTakeFirst()
    if (!inserted) return { counted: false }
    await tx
      .updateTable('notices')
      .set((eb) => ({ opened_count: eb('opened_count', '+', 1) }))
      .where('id', '=', noticeId)
      .execute()
    return { counted: true }
  })
}

/**
 * Deletes the marks and salts of notices no longer live (expired or withdrawn): a job every few
 * minutes (background.ts). Marks are deleted whatever the salt says, so a mark that raced in just
 * as its notice expired goes on the next pass.
 */
export async function dropSpentMarks(deps: Pick<NoticesDeps, 'db' | 'now'>): Promise<{ notices: number; marks: number }> {
  const now = deps.now()
  return deps.db.transaction().execute(async (tx) => {
    const marks = await tx
      .deleteFrom('notice_open_marks')
      .where('notice_id', 'in', (eb) =>
        eb
          .selectFrom('notices')
          .select('id')
          .where((w) => w.or([w('withdrawn_at', 'is not', null), w('expires_at', '<=', now)])),
      )
      .execute()
    const salts = await tx
      .updateTable('notices')
      .set({ opened_salt: null })
      .where('opened_salt', 'is not', null)
      .where((w) => w.or([w('withdrawn_at', 'is not', null), w('expires_at', '<=', now)]))
      .execute()
    return { notices: affected(salts[0] ?? {}), marks: affected(marks[0] ?? {}) }
  })
}
