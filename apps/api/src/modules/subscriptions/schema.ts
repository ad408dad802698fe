import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db'

// The subscriptions' tables (migration 0014_subscribe_messages), kept beside the module:
// `subscriptionsDb(db)` widens the shared Kysely instance with them (Kysely's withTables).

export interface SubscribeGrantsTable {
  user_id: string
  template_id: string
  app: string
  /** A notice topic for urgent_notice, '' for the other reminders. */
  topic: string
  reminder_key: string
  available: number
  last_answer: string
  answered_at: number
}

export interface SubscribeSendsTable {
  id: string
  user_id: string
  reminder_key: string
  template_id: string
  app: string
  page: string
  data: string
  outcome: string
  errcode: number | null
  detail: string | null
  created_at: number
}

export type SubscriptionTables = {
  subscribe_grants: SubscribeGrantsTable
  subscribe_sends: SubscribeSendsTable
}

export type SubscriptionsDb = Kysely<Database & SubscriptionTables>

export function subscriptionsDb<DB>(db: Kysely<DB>): SubscriptionsDb {
  return (db as unknown as Kysely<Database>).withTables<SubscriptionTables>()
}
