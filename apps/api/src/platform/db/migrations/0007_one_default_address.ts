import { sql, type Kysely } from 'kysely'

// A buyer has at most one default address, held by the database itself: a partial unique index on
// (user_id) over the live default rows. Two requests racing to make (or create) a default on
// PostgreSQL could both clear the others and both set theirs; now the second one's write fails
// instead of leaving several defaults. Portable DDL: partial indexes work on SQLite and PostgreSQL.
// (The 30-address limit is kept race-free by the code: it counts under the buyer's row lock.)

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
export async function up(db: Kysely<any>): Promise<void> {
  // Repair what the race may already have left: deleted rows are never the default, and of a
  // buyer's several defaults the newest (the one the buyer set last) stays.
  await sql`update market_addresses set is_default = 0 where is_default = 1 and deleted_at is not null`.execute(db)
  await sql`
    update market_addresses set is_default = 0
    where is_default = 1 and deleted_at is null
      and id <> (
        select newest.id from market_addresses newest
        where newest.user_id = market_addresses.user_id and newest.is_default = 1 and newest.deleted_at is null
        order by newest.updated_at desc, newest.created_at desc, newest.id desc
        limit 1
      )`.execute(db)
  await db.schema
    .createIndex('market_addresses_one_default')
    .on('market_addresses')
    .column('user_id')
    .unique()
    .where(sql.ref('is_default'), '=', 1)
    .where(sql.ref('deleted_at'), 'is', null)
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('market_addresses_one_default').execute()
}
