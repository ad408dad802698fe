import type { Kysely, Transaction } from 'kysely'
import type { Database } from './schema'

/**
 * Takes the user's row lock until the transaction ends, so per-user limits ("at most 30 addresses",
 * "at most 5 unpaid orders") are counted and kept race-free: a second request of the same user
 * waits here and then counts the first one's row. A no-op write does it on both databases — on
 * PostgreSQL a `FOR NO KEY UPDATE` row lock (rows referencing the user can still be inserted), on
 * SQLite the write lock (one writer anyway). Call it first in the transaction, before any other
 * row lock, so two of a user's transactions always lock in the same order.
 */
export async function lockUserRow<DB extends Database>(trx: Transaction<DB> | Kysely<DB>, userId: string): Promise<void> {
  const db = trx as unknown as Kysely<Database>
  await db
    .updateTable('users')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', userId)
    .execute()
}
