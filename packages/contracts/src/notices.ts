import { z } from 'zod'
import { MediaId } from './auth'
import { Fen } from './money'
import { IsoDateTime } from './time'
import { Id } from './ids'
import { Photo } from './media'
import { requiredText } from './text'
import {
  APP_NAMES,
  NOTICE_LIMITS,
  NOTICE_STATUSES,
  NOTICE_TOPICS,
  ORGANISATION_KINDS,
  PRICE_TOPIC,
  parsePriceTable,
} from './notices-rules'

export {
  APP_NAMES,
  APP_NOTICE_TOPICS,
  APP_WORDS,
  NOTICE_LIMITS,
  NOTICE_STATUSES,
  NOTICE_STATUS_WORDS,
  NOTICE_TOPICS,
  ORGANISATION_KINDS,
  PRICE_TABLE_HEADER,
  PRICE_TOPIC,
  changeText,
  changeWords,
  paragraphsOf,
  parsePriceTable,
  priceTableCsv,
  yuanText,
  type PriceTableParse,
} from './notices-rules'

/**
 * 通知到人 — notices from the organisations villages listen to (村委会, 乡镇卫生院, 农技站, 信用社,
 * 合作社). Members of an organisation (role 'publisher') publish; every app lists the unexpired
 * notices of its topics, urgent ones pinned first in all of them. Opening a notice is counted once
 * per reader, without storing who. Everything is mounted at /api/notices.
 */

// ---------------------------------------------------------------- shared pieces

export const AppName = z.enum(APP_NAMES, { message: '应用只能是 market、clinic、classroom 或 microloan' })
export type AppName = z.infer<typeof AppName>

export const NoticeTopic = z.enum(NOTICE_TOPICS, { message: `主题只能是 ${NOTICE_TOPICS.join('、')} 之一` })
export type NoticeTopic = z.infer<typeof NoticeTopic>

export const OrganisationKind = z.enum(ORGANISATION_KINDS)
export type OrganisationKind = z.infer<typeof OrganisationKind>

export const NoticeStatus = z.enum(NOTICE_STATUSES)
export type NoticeStatus = z.infer<typeof NoticeStatus>

/** Who published: 城关镇卫生院 (乡镇卫生院). */
export const Organisation = z.strictObject({ id: z.string(), name: z.string(), kind: OrganisationKind })
export type Organisation = z.infer<typeof Organisation>

/** One row of a price bulletin (notices-rules.ts `PriceRow`): money in integer fen. */
export const PriceRow = z.strictObject({
  product: z.string(),
  unit: z.string(),
  priceFen: Fen,
  /** Day-on-day change in fen: positive 涨, negative 跌. */
  changeFen: z.number().int(),
})
export type PriceRow = z.infer<typeof PriceRow>

/**
 * A notice as every reader gets it: the whole text (so a list kept on the phone reads offline),
 * photos as media ids for NetImage (`GET /api/media/:id?w=…`), the price table of a 价格行情 notice.
 */
export const Notice = z.strictObject({
  id: z.string(),
  organisation: Organisation,
  title: z.string(),
  paragraphs: z.array(z.string()),
  topic: NoticeTopic,
  /** Pinned first in every app's list. */
  urgent: z.boolean(),
  photos: z.array(Photo),
  /** Only on 价格行情 notices that carry one. */
  priceTable: z.nullable(z.array(PriceRow)),
  publishedAt: IsoDateTime,
  expiresAt: IsoDateTime,
})
export type Notice = z.infer<typeof Notice>

// ---------------------------------------------------------------- readers (public)

/** `GET /api/notices?app=clinic` — without `app`, every topic. */
export const NoticeListQuery = z.strictObject({ app: z.optional(AppName) })
export type NoticeListQuery = z.infer<typeof NoticeListQuery>

/**
 * `GET /api/notices?app=…` → unexpired notices, urgent first (every app), then the app's topics,
 * newest first, at most NOTICE_LIMITS.listMax. Public; ETag / 304.
 */
export const NoticeListResponse = z.strictObject({ notices: z.array(Notice) })
export type NoticeListResponse = z.infer<typeof NoticeListResponse>

/** `GET /api/notices/:id` (404 when expired, withdrawn or unknown). */
export const NoticeResponse = z.strictObject({ notice: Notice })
export type NoticeResponse = z.infer<typeof NoticeResponse>

/** A phone's own random id for counting openings when nobody is signed in (kept in the app's storage). */
export const DeviceId = z.string({ message: '设备编号格式不对' }).regex(/^[A-Za-z0-9_-]{16,64}$/, { message: '设备编号格式不对' })
export type DeviceId = z.infer<typeof DeviceId>

/**
 * `POST /api/notices/:id/opened` — counts this reader once. Signed in: the account is the reader
 * (`deviceId` ignored); otherwise `deviceId` is required. Nothing stored links the reader to the
 * notice (see the API's README, 通知到人).
 */
export const NoticeOpenedRequest = z.strictObject({ deviceId: z.optional(DeviceId) })
export type NoticeOpenedRequest = z.infer<typeof NoticeOpenedRequest>

export const NoticeOpenedResponse = z.strictObject({ ok: z.literal(true) })
export type NoticeOpenedResponse = z.infer<typeof NoticeOpenedResponse>

// ---------------------------------------------------------------- publishers (role 'publisher')

const ParagraphText = requiredText('段落', NOTICE_LIMITS.paragraphMax, 'multi')

/**
 * `POST /api/notices` — a publisher publishes for their organisation. The server also checks, by
 * its clock, that `expiresAt` is in the future and at most NOTICE_LIMITS.maxDays ahead, that the
 * photos are the publisher's own uploads, and the daily quota (429).
 */
export const PublishNoticeRequest = z
  .strictObject({
    title: requiredText('标题', NOTICE_LIMITS.titleMax),
    paragraphs: z
      .array(ParagraphText, { message: '正文应为段落的列表' })
      .min(1, { message: '请填写正文' })
      .max(NOTICE_LIMITS.paragraphsMax, { message: `正文最多 ${NOTICE_LIMITS.paragraphsMax} 段` })
      .refine((ps) => ps.reduce((n, p) => n + p.length, 0) <= NOTICE_LIMITS.textMax, {
        message: `正文一共最多 ${NOTICE_LIMITS.textMax} 个字，请精简一些`,
      }),
    photoIds: z.optional(
      z
        .array(MediaId, { message: '照片应为列表' })
        .max(NOTICE_LIMITS.photosMax, { message: `最多 ${NOTICE_LIMITS.photosMax} 张照片` })
        .refine((ids) => new Set(ids).size === ids.length, { message: '同一张照片只能放一次' }),
    ),
    topic: NoticeTopic,
    /** When it stops being shown: in the future, at most NOTICE_LIMITS.maxDays ahead. */
    expiresAt: IsoDateTime,
    /** Pins it first in every app (and reminds the topic's subscribers). */
    urgent: z.optional(z.boolean({ message: '紧急应为 是 或 否' })),
    /**
     * 价格行情 only: the table as CSV (`品名,单位,价格(元),涨跌(元)`, header optional) — what the
     * publisher pasted, or `priceTableCsv(rows)` of a form; parsed with `parsePriceTable`.
     */
    priceTable: z.optional(z.string({ message: '价格表应为文字' }).max(NOTICE_LIMITS.priceCsvMax, { message: `价格表最多 ${NOTICE_LIMITS.priceCsvMax} 个字` })),
  })
  .superRefine((body, ctx) => {
    if (body.priceTable === undefined) return
    if (body.topic !== PRICE_TOPIC) {
      ctx.addIssue({ code: 'custom', path: ['priceTable'], message: `只有“${PRICE_TOPIC}”通知可以带价格表` })
      return
    }
    for (const problem of parsePriceTable(body.priceTable).problems) ctx.addIssue({ code: 'custom', path: ['priceTable'], message: problem })
  })
export type PublishNoticeRequest = z.input<typeof PublishNoticeRequest>

/** A notice as its publisher sees it: with its state and how many people opened it. */
export const PublishedNotice = Notice.extend({
  status: NoticeStatus,
  statusWord: z.string(),
  /** Readers who opened it, each counted once; no one's identity is kept. */
  openedCount: z.number().int().nonnegative(),
  withdrawnAt: z.nullable(IsoDateTime),
})
export type PublishedNotice = z.infer<typeof PublishedNotice>

/** `POST /api/notices` → 201; `POST /api/notices/:id/withdraw` → 200. */
export const PublishedNoticeResponse = z.strictObject({ notice: PublishedNotice })
export type PublishedNoticeResponse = z.infer<typeof PublishedNoticeResponse>

/** `GET /api/notices/published` — the publisher's organisation, its notices (newest first, 100), today's quota. */
export const PublishedNoticesResponse = z.strictObject({
  organisation: Organisation,
  notices: z.array(PublishedNotice),
  quota: z.strictObject({ usedToday: z.number().int(), perDay: z.number().int() }),
})
export type PublishedNoticesResponse = z.infer<typeof PublishedNoticesResponse>

/** `:id` of the notice routes. */
export const NoticeId = Id
export type NoticeId = z.infer<typeof NoticeId>
