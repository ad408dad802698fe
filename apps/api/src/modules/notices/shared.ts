import { NOTICE_STATUS_WORDS, toShanghaiIso, type Notice, type NoticeStatus, type PublishedNotice } from '@tianyuan/contracts'
import { AppError, errors } from '../../platform/errors'
import { loadPhotos } from '../../platform/media/photos'
import { parseIds } from '../../platform/db/rows'
import type { Scheduler } from '../../platform/scheduler'
import type { NoticeRow, NoticesDb } from './schema'

/** The scheduler job an urgent notice starts (the reminders module handles it: fans out to the topic's subscribers). */
export const URGENT_NOTICE_JOB = 'reminders.urgent-notice'

/**
 * The part of the durable scheduler (platform/scheduler.ts) this module uses: an urgent notice's
 * reminder job is stored in the publish transaction, and dropped in the withdraw transaction.
 */
export type NoticeScheduler = Pick<Scheduler, 'schedule' | 'cancel'>

export interface NoticesDeps {
  db: NoticesDb
  now: () => number
  /** Notices one publisher may publish per Shanghai day (Config.notices). */
  perPublisherPerDay: number
  /** The server-wide key mixed into every open mark (opened.ts `loadOpenedSecret`). */
  openedSecret: Buffer
  /** Absent (a bare createApp in some tests): urgent notices are pinned but remind no one. */
  scheduler: NoticeScheduler | null
}

// ---------------------------------------------------------------- errors a villager can act on

export const noticeErrors = {
  notFound: () => errors.notFound('没有找到这条通知，可能已过期或已撤回'),
  notAPublisher: () => new AppError(403, 'NOT_A_PUBLISHER', '这个账号不是发布单位（村委会、卫生院、农技站、信用社、合作社）的账号，不能发布通知'),
  field: (field: string, message: string) => errors.validation([{ field, message }]),
}

// ---------------------------------------------------------------- views

export const isLive = (row: Pick<NoticeRow, 'withdrawn_at' | 'expires_at'>, now: number) => row.withdrawn_at === null && Number(row.expires_at) > now

export function statusOf(row: Pick<NoticeRow, 'withdrawn_at' | 'expires_at'>, now: number): NoticeStatus {
  if (row.withdrawn_at !== null) return 'withdrawn'
  return Number(row.expires_at) > now ? 'live' : 'expired'
}

function parseParagraphs(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string') : []
  } catch {
    return []
  }
}

/** Notices as readers get them (with organisation, photos and price table), in the order given. */
export async function toNotices(db: NoticesDb, rows: NoticeRow[]): Promise<Notice[]> {
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const [organisations, priceRows, photos] = await Promise.all([
    db.selectFrom('notice_organisations').selectAll().where('id', 'in', [...new Set(rows.map((r) => r.organisation_id))]).execute(),
    db.selectFrom('notice_price_rows').selectAll().where('notice_id', 'in', ids).orderBy('notice_id').orderBy('position').execute(),
    loadPhotos(db, rows.flatMap((r) => parseIds(r.photo_ids))),
  ])
  const organisationOf = new Map(organisations.map((o) => [o.id, { id: o.id, name: o.name, kind: o.kind }]))
  const tables = new Map<string, NonNullable<Notice['priceTable']>>()
  for (const p of priceRows) {
    const table = tables.get(p.notice_id) ?? []
    table.push({ product: p.product, unit: p.unit, priceFen: Number(p.price_fen), changeFen: Number(p.change_fen) })
    tables.set(p.notice_id, table)
  }
  return rows.map((r) => ({
    id: r.id,
    // A foreign key: every notice's organisation exists.
    organisation: organisationOf.get(r.organisation_id)!,
    title: r.title,
    paragraphs: parseParagraphs(r.paragraphs),
    topic: r.topic,
    urgent: Number(r.urgent) === 1,
    photos: parseIds(r.photo_ids).flatMap((id) => photos.get(id) ?? []),
    priceTable: tables.get(r.id) ?? null,
    publishedAt: toShanghaiIso(Number(r.created_at)),
    expiresAt: toShanghaiIso(Number(r.expires_at)),
  }))
}

/** Notices as their publisher sees them: with state and open count. */
export async function toPublishedNotices(db: NoticesDb, rows: NoticeRow[], now: number): Promise<PublishedNotice[]> {
  const notices = await toNotices(db, rows)
  return notices.map((notice, i) => {
    const row = rows[i]!
    const status = statusOf(row, now)
    return {
      ...notice,
      status,
      statusWord: NOTICE_STATUS_WORDS[status],
      openedCount: Number(row.opened_count),
      withdrawnAt: row.withdrawn_at === null ? null : toShanghaiIso(Number(row.withdrawn_at)),
    }
  })
}
