import type { Kysely, UpdateObject, UpdateQueryBuilder, UpdateResult } from 'kysely'
import { affected } from './rows'

/** A conditional update of a status column (market orders, clinic appointments, payments, …). */
export interface StatusChange<DB, TB extends keyof DB & string> {
  /** The statuses the row may be in for this change to happen. */
  from: readonly string[]
  /** The new status; leave out for a change that keeps it (a reschedule). */
  to?: string
  /** Other columns changed with it. */
  set?: UpdateObject<DB, TB>
  /** Further conditions (the owner, the slot it is still in, a deadline passed). */
  where?: (query: UpdateQueryBuilder<DB, TB, TB, UpdateResult>) => UpdateQueryBuilder<DB, TB, TB, UpdateResult>
  /** If given, losing throws this (a 409 in the caller's words) instead of answering false. */
  conflict?: () => Error
}

/**
 * One state-machine step as one statement: `UPDATE <table> SET status = <to>, … WHERE id = ? AND
 * status IN (<from>) [AND …]`, decided by its affected-row count. Exactly one of any number of
 * racing callers (requests, retries, sweeps, several API instances on one PostgreSQL) wins; the
 * others get false (or `conflict()` thrown) and can read what the row became. True if this call made it.
 * Run it inside the transaction that does the rest of the step, so the step is all or nothing.
 */
export async function transition<DB, TB extends keyof DB & string>(db: Kysely<DB>, table: TB, id: string, change: StatusChange<DB, TB>): Promise<boolean> {
  const changes = (change.to === undefined ? { ...change.set } : { ...change.set, status: change.to }) as UpdateObject<DB, TB>
  // Kysely cannot see through a generic table name that `id` and `status` are its columns: dynamic refs.
  let query = (db.updateTable(table) as unknown as UpdateQueryBuilder<DB, TB, TB, UpdateResult>)
    .set(changes)
    .where(db.dynamic.ref('id'), '=', id)
    .where(db.dynamic.ref('status'), 'in', [...change.from])
  if (change.where) query = change.where(query)
  const won = affected(await query.executeTakeFirst()) === 1
  if (!won && change.conflict) throw change.conflict()
  return won
}
