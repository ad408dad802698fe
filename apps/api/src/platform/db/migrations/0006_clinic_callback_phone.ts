import type { Kysely } from 'kysely'

// 电话问诊 promises a call: the booking keeps the mobile number the doctor rings (null for text and
// video consultations, and for bookings made before this column). Portable DDL for SQLite and PostgreSQL.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('clinic_appointments').addColumn('callback_phone', 'text').execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('clinic_appointments').dropColumn('callback_phone').execute()
}
