import type { Kysely, Selectable } from 'kysely'
import type { LoanCategory, LoanConsentKind, LoanMethod, LoanStatus } from '@tianyuan/contracts'
import type { Database } from '../../platform/db'

// The loans' tables (migration 0010_loans), kept beside the module: `loansDb(db)` widens the
// shared Kysely instance with them (Kysely's withTables), so platform/db/schema.ts stays untouched.

export interface LoanProductsTable {
  id: string
  name: string
  category: LoanCategory
  description: string
  min_amount_fen: number
  max_amount_fen: number
  amount_step_fen: number
  terms_months: string
  methods: string
  annual_rate_bp: number
  installment_fee_bp: number
  apr_min_bp: number
  apr_max_bp: number
  status: 'published' | 'withdrawn'
  sort: number
  created_by: string | null
  created_at: number
}

export interface LoanOfficersTable {
  id: string
  user_id: string
  name: string
  branch: string
  created_at: number
}

export interface LoansTable {
  id: string
  user_id: string
  product_id: string
  status: LoanStatus
  purpose: string
  amount_fen: number
  term_months: number
  method: LoanMethod
  annual_rate_bp: number
  installment_fee_bp: number
  apr_bp: number
  borrower_name: string
  id_number: string
  birth_date: string
  age_at_application: number
  phone: string
  bank_card: string
  bank_name: string
  checks: string
  state: string | null
  state_version: number
  reviewer_officer_id: string | null
  decision_reason: string | null
  decided_at: number | null
  contract_version: string | null
  contract_text: string | null
  contract_sha256: string | null
  contract_accepted_at: number | null
  disbursed_at: number | null
  settled_at: number | null
  submitted_at: number
  updated_at: number
}

export interface LoanConsentsTable {
  loan_id: string
  kind: LoanConsentKind
  version: string
  sha256: string
  agreed_at: number
}

export interface LoanEventsTable {
  id: string
  loan_id: string
  from_status: LoanStatus | null
  to_status: LoanStatus
  actor: 'borrower' | 'officer' | 'system'
  actor_user_id: string | null
  reason: string
  at: number
}

export interface LoanRepaymentsTable {
  id: string
  loan_id: string
  user_id: string
  scope: 'installments' | 'payoff'
  installment_seqs: string
  as_of: string
  amount_fen: number
  principal_fen: number
  interest_fen: number
  penalty_fen: number
  fee_fen: number
  status: 'awaiting_payment' | 'paid' | 'cancelled'
  hold_expires_at: number
  payment_id: string | null
  paid_at: number | null
  refund_due_fen: number
  refunded_fen: number
  created_at: number
}

export interface LoanLedgerTable {
  id: string
  loan_id: string
  kind: 'disbursement' | 'repayment' | 'refund'
  source_id: string
  amount_fen: number
  principal_fen: number
  interest_fen: number
  penalty_fen: number
  fee_fen: number
  overpaid_fen: number
  repayment_id: string | null
  payment_id: string | null
  at: number
}

export type LoanTables = {
  loan_products: LoanProductsTable
  loan_officers: LoanOfficersTable
  loans: LoansTable
  loan_consents: LoanConsentsTable
  loan_events: LoanEventsTable
  loan_repayments: LoanRepaymentsTable
  loan_ledger: LoanLedgerTable
}

export type LoansDatabase = Database & LoanTables
export type LoansDb = Kysely<LoansDatabase>

export function loansDb(db: Kysely<Database>): LoansDb {
  return db.withTables<LoanTables>()
}

export type LoanProductRow = Selectable<LoanProductsTable>
export type LoanRow = Selectable<LoansTable>
export type RepaymentRow = Selectable<LoanRepaymentsTable>
export type LedgerRow = Selectable<LoanLedgerTable>
