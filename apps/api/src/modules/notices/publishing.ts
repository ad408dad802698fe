import {
  NOTICE_LIMITS,
  SHANGHAI,
  dayjs,
  parsePriceTable,
  shanghaiDate,
  type Organisation,
  type PublishNoticeRequest,
  type PublishedNotice,
  type PublishedNoticesResponse,
} from '@tianyuan/contracts'
import type { Kysely } from 'kysely'
import { lockUserRow } from '../../platform/db/user-lock'
import { errors } from '../../platform/errors'
import { answerInTransaction } from '../../platform/idempotency'
import { newSortableId } from '../../platform/ids'
import { requireOwnPhotos } from '../../platform/media/photos'
import type { Database } from '../../platform/db'
import { newOpenedSalt } from './opened'
import { noticesDb, type NoticesDatabase, type NoticesDb } from './schema'
import { URGENT_NOTICE_JOB, noticeErrors, toPublishedNotices, type NoticesDeps } from './shared'

// Publishers: members of an organisation (notice_publishers; the role 'publisher' of GET /api/me)
// publish for it, see its notices with their open counts, and withdraw them.

const DAY_MS = 24 * 3600_000
/** 我发布的 shows the organisation's newest notices. */
const PUBLISHED_LIST_MAX = 100

/** The caller's organisation, or null when they are no publisher. */
export function organisationOf(db: Kysely<Database>, userId: string): Promise<Organisation | null> {
  return organisationIn(noticesDb(db), userId)
}

async function organisationIn(db: NoticesDb, userId: string): Promise<Organisation | null> {
  const row = await db
    .selectFrom('notice_publishers as p')
    .innerJoin('notice_organisations as o', 'o.id', 'p.organisation_id')
    .select(['o.id', 'o.name', 'o.kind'])
    .where('p.user_id', '=', userId)
    .executeTakeFirst()
  return row ?? null
}

async function requireOrganisation(db: NoticesDb, userId: string): Promise<Organisation> {
  const organisation = await organisationIn(db, userId)
  if (!organisation) throw noticeErrors.notAPublisher()
  return organisation
}

/** The Shanghai midnight that began the day of `now`, and the next one. */
function shanghaiDay(now: number): { start: number; end: number } {
  const start = dayjs.tz(shanghaiDate(now), SHANGHAI)
  return { start: start.valueOf(), end: start.add(1, 'day').valueOf() }
}

async function publishedToday(db: NoticesDb, userId: string, now: number): Promise<number> {
  const row = await db
    .selectFrom('notices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('author_id', '=', userId)
    .where('created_at', '>=', shanghaiDay(now).start)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

/**
 * `POST /api/notices`. Checked by the server's clock and data: the expiry (future, at most
 * NOTICE_LIMITS.maxDays ahead), the photos (the publisher's own live uploads), the price table
 * (parsed again), and the daily quota, counted under the publisher's row lock so two requests at
 * once are counted one after the other. The notice, its price rows, an urgent notice's reminder
 * job and the idempotent answer commit together: a replayed publish never makes a second notice.
 */
export async function publishNotice(deps: NoticesDeps, userId: string, body: PublishNoticeRequest): Promise<PublishedNotice> {
  const { db } = deps
  const organisation = await requireOrganisation(db, userId)
  const now = deps.now()
  const expiresAt = Date.parse(body.expiresAt)
  if (!(expiresAt > now)) throw noticeErrors.field('expiresAt', '到期时间应在现在之后')
  if (expiresAt > now + NOTICE_LIMITS.maxDays * DAY_MS) throw noticeErrors.field('expiresAt', `到期时间最多在 ${NOTICE_LIMITS.maxDays} 天以内`)
  const photoIds = body.photoIds ?? []
  await requireOwnPhotos(db, userId, photoIds, 'photoIds')
  // The schema already refused a table on another topic, or one with problems.
  const priceRows = body.priceTable === undefined ? [] : parsePriceTable(body.priceTable).rows
  const urgent = body.urgent === true

  return db.transaction().execute(async (tx) => {
    await lockUserRow(tx, userId)
    const used = await publishedToday(tx, userId, now)
    if (used >= deps.perPublisherPerDay) {
      const retryAfter = Math.max(1, Math.ceil((shanghaiDay(now).end - now) / 1000))
      throw errors.rateLimited(retryAfter, `每个账号一天最多发布 ${deps.perPublisherPerDay} 条通知，今天已经发了 ${used} 条，请明天再发；要改正已发的通知，可以先撤回再重发`)
    }
    const id = newSortableId(now)
    await tx
      .insertInto('notices')
      .values({
        id,
        organisation_id: organisation.id,
        author_id: userId,
        title: body.title,
        paragraphs: JSON.stringify(body.paragraphs),
        photo_ids: JSON.stringify(photoIds),
        topic: body.topic,
        urgent: urgent ? 1 : 0,
        created_at: now,
        expires_at: expiresAt,
        withdrawn_at: null,
        opened_salt: newOpenedSalt(),
      })
      .execute()
    if (priceRows.length > 0) {
      await tx
        .insertInto('notice_price_rows')
        .values(priceRows.map((r, position) => ({ notice_id: id, position, product: r.product, unit: r.unit, price_fen: r.priceFen, change_fen: r.changeFen })))
        .execute()
    }
    // Reminds the topic's subscribers (the reminders module fans out), only while the notice is live.
    if (urgent && deps.scheduler) {
      await deps.scheduler.schedule<NoticesDatabase>(tx, {
        kind: URGENT_NOTICE_JOB,
        key: id,
        runAt: now,
        expiresAt,
        payload: { noticeId: id, topic: body.topic, title: body.title, organisation: organisation.name, publishedAt: now },
      })
    }
    const row = await tx.selectFrom('notices').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    const notice = (await toPublishedNotices(tx, [row], now))[0]!
    await answerInTransaction(tx, 201, { notice })
    return notice
  })
}

/** `GET /api/notices/published`: the organisation's notices (any member's), newest first, with open counts. */
export async function publishedNotices(deps: NoticesDeps, userId: string): Promise<PublishedNoticesResponse> {
  const { db } = deps
  const organisation = await requireOrganisation(db, userId)
  const now = deps.now()
  const rows = await db
    .selectFrom('notices')
    .selectAll()
    .where('organisation_id', '=', organisation.id)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(PUBLISHED_LIST_MAX)
    .execute()
  return {
    organisation,
    notices: await toPublishedNotices(db, rows, now),
    quota: { usedToday: await publishedToday(db, userId, now), perDay: deps.perPublisherPerDay },
  }
}

/**
 * `POST /api/notices/:id/withdraw`: any member of the notice's organisation. It leaves every list
 * at once; its open marks go with it (the count stays) and an urgent notice's reminder job that has
 * not run is dropped. Withdrawing again answers the same.
 */
export async function withdrawNotice(deps: NoticesDeps, userId: string, id: string): Promise<PublishedNotice> {
  const { db } = deps
  const organisation = await requireOrganisation(db, userId)
  const now = deps.now()
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('notices').selectAll().where('id', '=', id).where('organisation_id', '=', organisation.id).executeTakeFirst()
    if (!row) throw noticeErrors.notFound()
    if (row.withdrawn_at === null) {
      await tx.updateTable('notices').set({ withdrawn_at: now, opened_salt: null }).where('id', '=', id).where('withdrawn_at', 'is', null).execute()
      await tx.deleteFrom('notice_open_marks').where('notice_id', '=', id).execute()
      if (Number(row.urgent) === 1 && deps.scheduler) await deps.scheduler.cancel<NoticesDatabase>(tx, URGENT_NOTICE_JOB, id)
    }
    const fresh = await tx.selectFrom('notices').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    const notice = (await toPublishedNotices(tx, [fresh], now))[0]!
    await answerInTransaction(tx, 200, { notice })
    return notice
  })
}
