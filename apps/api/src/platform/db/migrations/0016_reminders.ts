import type { Kysely } from 'kysely'

// Slot: reminders (clinic, loans, market, classroom, urgent notices) — slice reminders. Portable DDL for SQLite and PostgreSQL.
//
// One row per reminder job (the scheduler's kind and key) that reached the point of sending: written
// BEFORE WeChat is called and finished after, so a job run again (the scheduler is at-least-once: an
// instance killed mid-run, a lease that ran out) can tell "sent already" from "never got that far"
// instead of sending twice (modules/reminders/send-once.ts). Instants are bigint epoch ms.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reminder_sends')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    // sending: WeChat may be being called right now (or the caller died doing so) · retry: WeChat
    // answered "busy", nothing was delivered · done: the outcome is known.
    .addColumn('state', 'text', (c) => c.notNull())
    // Which run holds the row while sending (random per run): only it may finish the row.
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('tries', 'integer', (c) => c.notNull())
    // sendReminder's outcome (sent | no_subscription | invalid | no_openid | failed), once known.
    .addColumn('outcome', 'text')
    .addColumn('errcode', 'integer')
    // 1 when a run took over a send whose runner had died (what the README's "What once means" is about).
    .addColumn('taken_over', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('finished_at', 'bigint')
    .addPrimaryKeyConstraint('reminder_sends_pk', ['kind', 'key'])
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reminder_sends').ifExists().execute()
}
