import { sql, type Kysely } from 'kysely'

// Disbursements of approved loans through WeChat Pay's merchant transfer (modules/loans/disbursement).
// Portable DDL for SQLite and PostgreSQL.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('loan_disbursements')
    // Also the out_bill_no sent to WeChat: 'LD' + 30 hex digits (WeChat: 5–32 digits and letters).
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('loan_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    // wechat_balance (商家转账到零钱); bank_card is not built
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('openid', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('remark', 'text', (c) => c.notNull())
    .addColumn('notify_url', 'text', (c) => c.notNull())
    // pending (sent, or its answer lost) | waiting_user (WeChat waits for the borrower's 确认收款) |
    // succeeded | failed | cancelled — the last two only on WeChat's own final word (or a signed refusal)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('wechat_state', 'text')
    .addColumn('transfer_bill_no', 'text')
    .addColumn('package_info', 'text')
    .addColumn('fail_reason', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('succeeded_at', 'bigint')
    .execute()
  // Once per loan: at most one disbursement that is live or has paid out. A failed or cancelled one
  // leaves the index, so the (still approved) loan can be sent again with a new out_bill_no.
  await db.schema
    .createIndex('loan_disbursements_once')
    .on('loan_disbursements')
    .column('loan_id')
    .unique()
    .where(sql<boolean>`status not in ('failed', 'cancelled')`)
    .execute()
  await db.schema.createIndex('loan_disbursements_loan').on('loan_disbursements').columns(['loan_id', 'created_at']).execute()
  await db.schema.createIndex('loan_disbursements_open').on('loan_disbursements').columns(['status', 'updated_at']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('loan_disbursements').ifExists().execute()
}
