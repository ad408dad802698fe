// 惠农小贷's words and rules as plain values and functions, with no zod and no dayjs: the API's
// schemas (loans.ts) and the microloan app share them (`@tianyuan/contracts/loans-rules`), so
// what the app says before a request is what the server enforces after it. The loan arithmetic
// itself (schedules, APR by IRR, quotes) is @tianyuan/loans; this file only names things.

/** The four repayment methods. */
export const LOAN_METHODS = ['equal_installment', 'equal_principal', 'interest_monthly', 'bullet'] as const
export type LoanMethodKey = (typeof LOAN_METHODS)[number]

export const LOAN_METHOD_WORDS: Record<LoanMethodKey, string> = {
  equal_installment: '等额本息',
  equal_principal: '等额本金',
  interest_monthly: '按月付息、到期还本',
  bullet: '到期一次还本付息',
}

/** What each method means for the borrower, in one plain sentence. */
export const LOAN_METHOD_HINTS: Record<LoanMethodKey, string> = {
  equal_installment: '每月还一样多，里面的利息越来越少、本金越来越多',
  equal_principal: '每月还的本金一样，利息随欠款减少，头一个月还得最多',
  interest_monthly: '每月只还利息，最后一个月把本金一次还清',
  bullet: '中间不用还，到期（比如卖了粮食、出栏以后）一次还清本金和利息',
}

/** What a product is for: farming needs. */
export const LOAN_CATEGORIES = ['spring_planting', 'livestock', 'machinery'] as const
export type LoanCategoryKey = (typeof LOAN_CATEGORIES)[number]
export const LOAN_CATEGORY_WORDS: Record<LoanCategoryKey, string> = {
  spring_planting: '春耕（种子、化肥）',
  livestock: '养殖',
  machinery: '农机',
}

/**
 * A loan's status. submitted 已提交 → under_review 审核中 → approved 已批准 / rejected 已拒绝 →
 * repaying 已放款（还款中） → settled 已结清. 逾期 (overdue) is not stored: a repaying loan is
 * shown as overdue while an installment is past its due date and unpaid (computed on every read).
 */
export const LOAN_STATUSES = ['submitted', 'under_review', 'approved', 'rejected', 'repaying', 'settled'] as const
export type LoanStatusKey = (typeof LOAN_STATUSES)[number]

export const LOAN_STATUS_WORDS: Record<LoanStatusKey | 'overdue', string> = {
  submitted: '已提交',
  under_review: '审核中',
  approved: '已批准',
  rejected: '已拒绝',
  repaying: '还款中',
  settled: '已结清',
  overdue: '逾期',
}

/** Who moved a loan: the borrower, a credit officer (信贷员), or the system (automatic checks, WeChat's word). */
export const LOAN_ACTORS = ['borrower', 'officer', 'system'] as const
export type LoanActorKey = (typeof LOAN_ACTORS)[number]
export const LOAN_ACTOR_WORDS: Record<LoanActorKey, string> = { borrower: '借款人', officer: '信贷员', system: '系统' }

/** Automatic checks run on every application before an officer sees it. */
export const BORROWER_MIN_AGE = 18
export const BORROWER_MAX_AGE = 65

/** The two separate consents (PIPL art. 28–29 asks the second to be its own). */
export const LOAN_CONSENT_KINDS = ['loan_terms', 'sensitive_personal_info'] as const
export type LoanConsentKindKey = (typeof LOAN_CONSENT_KINDS)[number]
export const LOAN_CONSENT_WORDS: Record<LoanConsentKindKey, string> = {
  loan_terms: '借款合同条款',
  sensitive_personal_info: '处理敏感个人信息',
}

/** Each movement of money in a loan's ledger. */
export const LEDGER_ENTRY_KINDS = ['disbursement', 'repayment', 'refund'] as const
export type LedgerEntryKindKey = (typeof LEDGER_ENTRY_KINDS)[number]
export const LEDGER_ENTRY_WORDS: Record<LedgerEntryKindKey, string> = { disbursement: '放款', repayment: '还款', refund: '退款' }

/** What a repayment covers: the next installment(s) due, or everything (early payoff). */
export const REPAYMENT_SCOPES = ['installments', 'payoff'] as const
export type RepaymentScopeKey = (typeof REPAYMENT_SCOPES)[number]

export const REPAYMENT_STATUS_WORDS = {
  awaiting_payment: '待支付',
  paid: '已还款',
  cancelled: '已取消',
} as const

/** An installment's state, as the schedule shows it. */
export const INSTALLMENT_STATUS_WORDS = {
  unpaid: '待还',
  partly_paid: '部分已还',
  paid: '已还',
  overdue: '已逾期',
} as const

/**
 * What happens to money paid twice for the same installment (two payments from two phones, or a
 * payment that arrived after the repayment had been cancelled and the installment paid another
 * way): it goes back to where it came from, in full. Said before the user pays.
 */
export const OVERPAYMENT_RULE = '同一期如果付了两次，多付的钱会原路全额退回，不会自动抵扣以后的还款。'

/** The grace rule for overdue installments, said wherever a due date is. */
export const OVERDUE_RULE = '到期日后 3 天内还清不收罚息；超过 3 天仍未还清的，从宽限期结束次日起，对逾期未还的本金和利息按日计收罚息（年化利率为合同利率的 1.5 倍），不计复利。'

/** The basis of every rate the app shows: the annualised rate (APR, IRR method, fees included) comes first. */
export const APR_NOTE = '年化利率按内部收益率法（IRR）计算，已包含利息和全部费用。'

/** 0.0744 → "7.44%" (two decimals, as the annualised rate is shown everywhere). */
export function formatRatePercent(rate: number): string {
  return `${(Math.round(rate * 10000) / 100).toFixed(2)}%`
}

/** Customer service for borrowers (complaints go to the same place and are answered within 15 days). */
export const LOAN_SERVICE_PHONE = '400-800-1234'
