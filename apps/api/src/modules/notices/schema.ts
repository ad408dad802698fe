import type { Generated, Kysely, Selectable } from 'kysely'
import type { NoticeTopic, OrganisationKind } from '@tianyuan/contracts'
import type { Database } from '../../platform/db'

// 通知到人's tables (migration 0015_notices), kept beside the module: `noticesDb(db)` widens the
// shared Kysely instance with them (Kysely's withTables), so platform/db/schema.ts stays untouched.

export interface NoticeOrganisationsTable {
  id: string
  name: string
  kind: OrganisationKind
  created_at: number
}

/** Members of an organisation: the accounts with the role 'publisher'. */
export interface NoticePublishersTable {
  user_id: string
  organisation_id: string
  created_at: number
}

export interface NoticesTable {
  id: string
  organisation_id: string
  author_id: string
  title: string
  /** JSON array of plain-text paragraphs. */
  paragraphs: string
  /** JSON array of media ids (the author's own uploads). */
  photo_ids: string
  topic: NoticeTopic
  /** 1 = pinned first in every app. */
  urgent: number
  created_at: number
  expires_at: number
  withdrawn_at: number | null
  opened_count: Generated<number>
  /** Key of this notice's open marks; null once they are dropped (expired or withdrawn). */
  opened_salt: string | null
}

export interface NoticePriceRowsTable {
  notice_id: string
  position: number
  product: string
  unit: string
  price_fen: number
  change_fen: number
}

/** HMAC(server secret, notice salt ‖ reader): dedupes openings; links no one to the notice. */
export interface NoticeOpenMarksTable {
  notice_id: string
  mark: string
}

export type NoticesTables = {
  notice_organisations: NoticeOrganisationsTable
  notice_publishers: NoticePublishersTable
  notices: NoticesTable
  notice_price_rows: NoticePriceRowsTable
  notice_open_marks: NoticeOpenMarksTable
}

export type NoticesDatabase = Database & NoticesTables
export type NoticesDb = Kysely<NoticesDatabase>

export function noticesDb(db: Kysely<Database>): NoticesDb {
  return db.withTables<NoticesTables>()
}

export type NoticeRow = Selectable<NoticesTable>
export type OrganisationRow = Selectable<NoticeOrganisationsTable>
