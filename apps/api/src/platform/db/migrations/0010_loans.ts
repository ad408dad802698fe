import { sql, type Kysely } from 'kysely'

// 惠农小贷 (micro-loans): products, credit officers, loans (applications through to settlement),
// consents, the audit trail, repayments and the ledger. Portable DDL for SQLite and PostgreSQL.
// Money is bigint fen; rates integer basis points; instants bigint epoch ms; Shanghai days
// YYYY-MM-DD text; lists and the loan's repayment state (@tianyuan/loans LoanState) JSON text.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('loan_products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    // spring_planting | livestock | machinery
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('min_amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('max_amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('amount_step_fen', 'bigint', (c) => c.notNull())
    // JSON: [3, 6, 12]
    .addColumn('terms_months', 'text', (c) => c.notNull())
    // JSON: ["equal_installment", …]
    .addColumn('methods', 'text', (c) => c.notNull())
    .addColumn('annual_rate_bp', 'integer', (c) => c.notNull())
    .addColumn('installment_fee_bp', 'integer', (c) => c.notNull())
    // The APR range over the terms and methods offered, computed when published (IRR, fees included).
    .addColumn('apr_min_bp', 'integer', (c) => c.notNull())
    .addColumn('apr_max_bp', 'integer', (c) => c.notNull())
    // published | withdrawn
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('loan_officers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The user who acts as this credit officer (信贷员); one officer per user.
    .addColumn('user_id', 'text', (c) => c.notNull().unique().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('branch', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('loans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('loan_products.id'))
    // submitted | under_review | approved | rejected | repaying | settled (逾期 is computed on read)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('term_months', 'integer', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    // The product's figures at the time of application (a product may change later; the loan does not).
    .addColumn('annual_rate_bp', 'integer', (c) => c.notNull())
    .addColumn('installment_fee_bp', 'integer', (c) => c.notNull())
    .addColumn('apr_bp', 'integer', (c) => c.notNull())
    // Identity (KYC stand-in): stored for the lender's records, never logged, only ever answered masked.
    .addColumn('borrower_name', 'text', (c) => c.notNull())
    .addColumn('id_number', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'text', (c) => c.notNull())
    .addColumn('age_at_application', 'integer', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('bank_card', 'text', (c) => c.notNull())
    .addColumn('bank_name', 'text', (c) => c.notNull())
    // JSON: the automatic checks (LoanCheck[]) as run at submission.
    .addColumn('checks', 'text', (c) => c.notNull())
    // JSON: @tianyuan/loans LoanState once disbursed (the schedule and what has been paid); null before.
    .addColumn('state', 'text')
    // Bumped by every change of `state`: the row lock that serialises repayments (UPDATE first).
    .addColumn('state_version', 'integer', (c) => c.notNull())
    .addColumn('reviewer_officer_id', 'text', (c) => c.references('loan_officers.id'))
    .addColumn('decision_reason', 'text')
    .addColumn('decided_at', 'bigint')
    // The contract the borrower accepted: the exact text and its SHA-256.
    .addColumn('contract_version', 'text')
    .addColumn('contract_text', 'text')
    .addColumn('contract_sha256', 'text')
    .addColumn('contract_accepted_at', 'bigint')
    .addColumn('disbursed_at', 'bigint')
    .addColumn('settled_at', 'bigint')
    .addColumn('submitted_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('loans_user').on('loans').columns(['user_id', 'submitted_at']).execute()
  await db.schema.createIndex('loans_status').on('loans').columns(['status', 'submitted_at']).execute()

  // The two separate consents (PIPL art. 28–29), the exact text versions and their hashes.
  await db.schema
    .createTable('loan_consents')
    .addColumn('loan_id', 'text', (c) => c.notNull().references('loans.id'))
    // loan_terms | sensitive_personal_info
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('agreed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('loan_consents_pk', ['loan_id', 'kind'])
    .execute()

  // The audit trail: one row per transition (who, when, from, to, why).
  await db.schema
    .createTable('loan_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('loan_id', 'text', (c) => c.notNull().references('loans.id'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    // borrower | officer | system
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('loan_events_loan').on('loan_events').columns(['loan_id', 'id']).execute()

  // A repayment is the payments module's payable order (kind loan_repayment).
  await db.schema
    .createTable('loan_repayments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('loan_id', 'text', (c) => c.notNull().references('loans.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    // installments | payoff
    .addColumn('scope', 'text', (c) => c.notNull())
    // JSON: [2, 3]
    .addColumn('installment_seqs', 'text', (c) => c.notNull())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('principal_fen', 'bigint', (c) => c.notNull())
    .addColumn('interest_fen', 'bigint', (c) => c.notNull())
    .addColumn('penalty_fen', 'bigint', (c) => c.notNull())
    .addColumn('fee_fen', 'bigint', (c) => c.notNull())
    // awaiting_payment | paid | cancelled
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('hold_expires_at', 'bigint', (c) => c.notNull())
    .addColumn('payment_id', 'text')
    .addColumn('paid_at', 'bigint')
    // Paid for nothing owed (paid twice, or after the installments were paid another way): refunded in full.
    .addColumn('refund_due_fen', 'bigint', (c) => c.notNull())
    .addColumn('refunded_fen', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  // One repayment waiting for money per loan: two phones cannot start two for the same installment.
  await db.schema
    .createIndex('loan_repayments_one_awaiting')
    .on('loan_repayments')
    .column('loan_id')
    .unique()
    .where(sql.ref('status'), '=', 'awaiting_payment')
    .execute()
  await db.schema.createIndex('loan_repayments_holds').on('loan_repayments').columns(['status', 'hold_expires_at']).execute()

  // The ledger: every movement of money, a repayment split into principal / interest / penalty / fee.
  await db.schema
    .createTable('loan_ledger')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('loan_id', 'text', (c) => c.notNull().references('loans.id'))
    // disbursement | repayment | refund
    .addColumn('kind', 'text', (c) => c.notNull())
    // What the movement is of: the loan (disbursement), the payment (repayment), the refund.
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('principal_fen', 'bigint', (c) => c.notNull())
    .addColumn('interest_fen', 'bigint', (c) => c.notNull())
    .addColumn('penalty_fen', 'bigint', (c) => c.notNull())
    .addColumn('fee_fen', 'bigint', (c) => c.notNull())
    .addColumn('overpaid_fen', 'bigint', (c) => c.notNull())
    .addColumn('repayment_id', 'text')
    .addColumn('payment_id', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute()
  // Once per source, whatever races: a notification replayed ten times writes one entry.
  await db.schema.createIndex('loan_ledger_once').on('loan_ledger').columns(['kind', 'source_id']).unique().execute()
  await db.schema.createIndex('loan_ledger_loan').on('loan_ledger').columns(['loan_id', 'id']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['loan_ledger', 'loan_repayments', 'loan_events', 'loan_consents', 'loans', 'loan_officers', 'loan_products']) {
    await db.schema.dropTable(table).execute()
  }
}
