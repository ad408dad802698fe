import type { Kysely } from 'kysely'
import type { Database } from '../../platform/db'

// The reminders' one table (migration 0016_reminders), kept beside the module: `remindersDb(db)`
// widens the shared Kysely instance with it (Kysely's withTables).

export interface ReminderSendsTable {
  kind: string
  key: string
  user_id: string
  state: 'sending' | 'retry' | 'done'
  token: string
  started_at: number
  tries: number
  outcome: string | null
  errcode: number | null
  taken_over: number
  finished_at: number | null
}

export type ReminderTables = {
  reminder_sends: ReminderSendsTable
}

export type RemindersDb = Kysely<Database & ReminderTables>

export function remindersDb<DB>(db: Kysely<DB>): RemindersDb {
  return (db as unknown as Kysely<Database>).withTables<ReminderTables>()
}
