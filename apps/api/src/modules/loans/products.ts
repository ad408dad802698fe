import {
  APR_NOTE,
  LOAN_CATEGORY_WORDS,
  LOAN_METHOD_WORDS,
  formatRatePercent,
  formatYuan,
  type LoanMethod,
  type LoanProduct,
  type LoanQuote,
  type LoanQuoteRequest,
  type PublishLoanProductRequest,
} from '@tianyuan/contracts'
import { newId } from '../../platform/ids'
import { quoteOf, scheduleOf, termsProblems, type LoanFigures } from './arithmetic'
import type { LoanProductRow, LoansDb } from './schema'
import { isUniqueViolation, loanErrors, type LoansSettings } from './shared'

// Loan products: what a villager can borrow for (春耕, 养殖, 农机), on which terms, at which APR.
// A product is published only if its APR — IRR over every cash flow, every fee included, over every
// term and method it offers, at its smallest and largest amount — stays within the configured cap.

function parseList<T>(json: string): T[] {
  try {
    const v: unknown = JSON.parse(json)
    return Array.isArray(v) ? (v as T[]) : []
  } catch {
    return []
  }
}

export function toProduct(row: LoanProductRow): LoanProduct {
  const min = Number(row.apr_min_bp) / 10000
  const max = Number(row.apr_max_bp) / 10000
  return {
    id: row.id,
    name: row.name,
    category: row.category,
    categoryWord: LOAN_CATEGORY_WORDS[row.category],
    description: row.description,
    apr: { min, max, text: min === max ? formatRatePercent(min) : `${formatRatePercent(min)}–${formatRatePercent(max)}` },
    minAmountFen: Number(row.min_amount_fen),
    maxAmountFen: Number(row.max_amount_fen),
    amountStepFen: Number(row.amount_step_fen),
    termsMonths: parseList<number>(row.terms_months),
    methods: parseList<LoanMethod>(row.methods),
    annualRateBp: Number(row.annual_rate_bp),
    installmentFeeBp: Number(row.installment_fee_bp),
    status: row.status,
  }
}

export async function listProducts(db: LoansDb): Promise<LoanProduct[]> {
  const rows = await db.selectFrom('loan_products').selectAll().where('status', '=', 'published').orderBy('sort').orderBy('id').execute()
  return rows.map(toProduct)
}

export async function getProduct(db: LoansDb, id: string): Promise<LoanProduct> {
  const row = await db.selectFrom('loan_products').selectAll().where('id', '=', id).where('status', '=', 'published').executeTakeFirst()
  if (!row) throw loanErrors.productNotFound()
  return toProduct(row)
}

/** The APR range (basis points) over every term and method at the smallest and largest amount; the first problem if any. */
function aprRange(p: PublishLoanProductRequest, today: string): { minBp: number; maxBp: number } | { field: string; message: string } {
  let minBp = Infinity
  let maxBp = -Infinity
  for (const amountFen of [p.minAmountFen, p.maxAmountFen]) {
    for (const termMonths of p.termsMonths) {
      for (const method of p.methods) {
        const f: LoanFigures = { amountFen, termMonths, method, annualRateBp: p.annualRateBp, installmentFeeBp: p.installmentFeeBp ?? 0 }
        const problems = termsProblems(f, today)
        if (problems.length > 0) return { field: 'termsMonths', message: problems[0] as string }
        const { aprBp } = scheduleOf(f, today)
        minBp = Math.min(minBp, aprBp)
        maxBp = Math.max(maxBp, aprBp)
      }
    }
  }
  return { minBp, maxBp }
}

/**
 * Publishes a product (an officer's route, and the seed). Refused with 400 naming the field when
 * its highest APR is above the cap: `installmentFeeBp` if the fee is what pushes it over, else
 * `annualRateBp`. `id` is for the seed (stable slugs); otherwise a new id.
 */
export async function publishProduct(
  db: LoansDb,
  settings: LoansSettings,
  p: PublishLoanProductRequest,
  at: number,
  options: { id?: string; createdBy?: string | null; sort?: number; today: string },
): Promise<LoanProduct> {
  const step = p.amountStepFen ?? 10_000
  if (p.minAmountFen % step !== 0 || p.maxAmountFen % step !== 0) throw loanErrors.field('amountStepFen', `最低和最高金额应为 ${formatYuan(step)} 元的整数倍`)
  if (p.maxAmountFen > settings.maxAmountFen) {
    throw loanErrors.field('maxAmountFen', `每笔贷款最多 ${formatYuan(settings.maxAmountFen)} 元：放款是一笔微信转账到借款人的零钱，超过这个数付不出去`)
  }
  const range = aprRange(p, options.today)
  if ('field' in range) throw loanErrors.field(range.field, range.message)
  const cap = settings.aprCapBp
  if (range.maxBp > cap) {
    const withoutFee = aprRange({ ...p, installmentFeeBp: 0 }, options.today)
    const feeIsTheCause = (p.installmentFeeBp ?? 0) > 0 && !('field' in withoutFee) && withoutFee.maxBp <= cap
    throw loanErrors.field(
      feeIsTheCause ? 'installmentFeeBp' : 'annualRateBp',
      `年化利率（按内部收益率法，含全部费用）最高 ${formatRatePercent(range.maxBp / 10000)}，超过上限 ${formatRatePercent(cap / 10000)}，不能发布${feeIsTheCause ? '：请降低服务费' : '：请降低利率'}`,
    )
  }
  const id = options.id ?? newId()
  const row: LoanProductRow = {
    id,
    name: p.name,
    category: p.category,
    description: p.description,
    min_amount_fen: p.minAmountFen,
    max_amount_fen: p.maxAmountFen,
    amount_step_fen: step,
    terms_months: JSON.stringify([...p.termsMonths].sort((a, b) => a - b)),
    methods: JSON.stringify(p.methods),
    annual_rate_bp: p.annualRateBp,
    installment_fee_bp: p.installmentFeeBp ?? 0,
    apr_min_bp: range.minBp,
    apr_max_bp: range.maxBp,
    status: 'published',
    sort: options.sort ?? 100,
    created_by: options.createdBy ?? null,
    created_at: at,
  }
  try {
    await db.insertInto('loan_products').values(row).execute()
  } catch (error) {
    if (isUniqueViolation(error)) throw loanErrors.conflict(`已经有名为「${p.name}」的产品了，请换一个名称`)
    throw error
  }
  return toProduct(row)
}

/** The figures of a request checked against the product: 400 naming the field, in words. */
export function checkAgainstProduct(product: LoanProduct, r: { amountFen: number; termMonths: number; method: LoanMethod }): LoanFigures {
  if (r.amountFen < product.minAmountFen || r.amountFen > product.maxAmountFen) {
    throw loanErrors.field('amountFen', `「${product.name}」可借 ${formatYuan(product.minAmountFen)} 元到 ${formatYuan(product.maxAmountFen)} 元`)
  }
  if (r.amountFen % product.amountStepFen !== 0) throw loanErrors.field('amountFen', `借款金额应为 ${formatYuan(product.amountStepFen)} 元的整数倍`)
  if (!product.termsMonths.includes(r.termMonths)) {
    throw loanErrors.field('termMonths', `「${product.name}」的期限只有 ${product.termsMonths.join('、')} 个月`)
  }
  if (!product.methods.includes(r.method)) {
    throw loanErrors.field('method', `「${product.name}」的还款方式只有 ${product.methods.map((m) => LOAN_METHOD_WORDS[m]).join('、')}`)
  }
  return { amountFen: r.amountFen, termMonths: r.termMonths, method: r.method, annualRateBp: product.annualRateBp, installmentFeeBp: product.installmentFeeBp }
}

/** `POST /api/loans/quote`: the schedule and APR for the figures, counted from today (Shanghai). */
export async function quote(db: LoansDb, r: LoanQuoteRequest, today: string): Promise<LoanQuote> {
  const product = await getProduct(db, r.productId)
  return quoteOf(product.id, checkAgainstProduct(product, r), today)
}

export { APR_NOTE }
