import { z } from 'zod'
import { WeChatCode } from './auth'
import { Fen } from './money'
import { IsoDateTime, LocalDate } from './time'
import { Id } from './ids'
import { requiredText } from './text'
import { bankCardProblem, idNumberProblem, normalizeBankCard } from './identity-rules'
import {
  LEDGER_ENTRY_KINDS,
  LOAN_ACTORS,
  LOAN_CATEGORIES,
  LOAN_CONSENT_KINDS,
  LOAN_METHODS,
  LOAN_STATUSES,
  REPAYMENT_STATUS_WORDS,
  INSTALLMENT_STATUS_WORDS,
} from './loans-rules'

export {
  APR_NOTE,
  BORROWER_MAX_AGE,
  BORROWER_MIN_AGE,
  INSTALLMENT_STATUS_WORDS,
  LEDGER_ENTRY_WORDS,
  LOAN_ACTOR_WORDS,
  LOAN_CATEGORY_WORDS,
  LOAN_CONSENT_WORDS,
  LOAN_METHOD_HINTS,
  LOAN_METHOD_WORDS,
  LOAN_SERVICE_PHONE,
  LOAN_STATUS_WORDS,
  OVERDUE_RULE,
  OVERPAYMENT_RULE,
  REPAYMENT_STATUS_WORDS,
  formatRatePercent,
} from './loans-rules'
export { bankCardWarning, maskBankCard, maskPhone, passesLuhn } from './identity-rules'

/**
 * 惠农小贷 — small farm loans. Products (春耕, 养殖, 农机) with the annualised rate (APR by IRR,
 * every fee included) first; quotes and schedules computed by the server with @tianyuan/loans;
 * applications with identity, separate consents and automatic checks; a credit officer's
 * decision; the contract with its SHA-256; disbursement; repayments through the payments module
 * (kind `loan_repayment`); a ledger of every movement. Money is integer fen; rates in the
 * requests are integer basis points (720 = 7.20 % a year); `apr` in answers is a fraction
 * (0.0744) with `aprText` ("7.44%") beside it. Sensitive fields (ID number, phone, bank card)
 * only ever leave the server masked.
 */

// ---------------------------------------------------------------- shared pieces

export const LoanId = Id
export type LoanId = z.infer<typeof LoanId>

export const LoanMethod = z.enum(LOAN_METHODS, { message: '还款方式只能是 等额本息、等额本金、按月付息到期还本 或 到期一次还本付息' })
export type LoanMethod = z.infer<typeof LoanMethod>

export const LoanCategory = z.enum(LOAN_CATEGORIES, { message: '贷款类别只能是 春耕、养殖 或 农机' })
export type LoanCategory = z.infer<typeof LoanCategory>

/** The stored status; `overdue` is added on read while an installment is past due (see loans-rules). */
export const LoanStatus = z.enum(LOAN_STATUSES)
export type LoanStatus = z.infer<typeof LoanStatus>
export const LoanDisplayStatus = z.enum([...LOAN_STATUSES, 'overdue'])
export type LoanDisplayStatus = z.infer<typeof LoanDisplayStatus>

export const LoanActor = z.enum(LOAN_ACTORS)
export type LoanActor = z.infer<typeof LoanActor>

export const LoanConsentKind = z.enum(LOAN_CONSENT_KINDS)
export type LoanConsentKind = z.infer<typeof LoanConsentKind>

export const LedgerEntryKind = z.enum(LEDGER_ENTRY_KINDS)
export type LedgerEntryKind = z.infer<typeof LedgerEntryKind>

/** A lower-case hex SHA-256. */
export const Sha256Hex = z.string({ message: '请提供文本的校验值' }).regex(/^[0-9a-f]{64}$/, { message: '文本校验值应为 64 位十六进制' })
export type Sha256Hex = z.infer<typeof Sha256Hex>

/** A whole number of months, 1 … 60. */
export const TermMonths = z
  .number({ message: '期限应为月数' })
  .int({ message: '期限应为整数个月' })
  .min(1, { message: '期限至少 1 个月' })
  .max(60, { message: '期限最多 60 个月' })

/** A rate in basis points a year or a month (720 = 7.20 %), 0 … 10000. */
export const RateBp = z.number({ message: '费率应为数字' }).int({ message: '费率应为整数个基点（1 基点 = 0.01%）' }).min(0, { message: '费率不能为负' }).max(10000, { message: '费率不能超过 100%' })

/** A loan amount in fen: 1 yuan … 10 million yuan. */
export const LoanAmountFen = z.number({ message: '金额应为数字（分）' }).int({ message: '金额应为整数（分）' }).min(100, { message: '金额至少 1 元' }).max(1_000_000_000, { message: '金额太大' })

// ---------------------------------------------------------------- products

/** The annualised rate: a fraction (0.0744) and its text ("7.44%"), always shown before any other rate. */
export const AprRange = z.strictObject({ min: z.number(), max: z.number(), text: z.string() })
export type AprRange = z.infer<typeof AprRange>

export const LoanProduct = z.strictObject({
  id: LoanId,
  name: z.string(),
  category: LoanCategory,
  categoryWord: z.string(),
  description: z.string(),
  /** APR (IRR, all fees) over the terms and methods offered: shown first and largest. */
  apr: AprRange,
  minAmountFen: Fen,
  maxAmountFen: Fen,
  /** Amounts go in steps of this (e.g. 100 元). */
  amountStepFen: Fen,
  /** The terms offered, in months, ascending. */
  termsMonths: z.array(z.number().int()),
  methods: z.array(LoanMethod),
  /** The nominal (contract) interest rate a year, basis points: less prominent than `apr`. */
  annualRateBp: z.number().int(),
  /**
   * A flat fee with every installment, basis points of the amount lent (30 = 0.30 % of the amount
   * each month; once for a 到期一次还本付息 loan). Never deducted from what is lent (砍头息 is
   * prohibited); its true cost is in `apr`, not the fee × 12.
   */
  installmentFeeBp: z.number().int(),
  status: z.enum(['published', 'withdrawn']),
})
export type LoanProduct = z.infer<typeof LoanProduct>

export const LoanProductsResponse = z.strictObject({ items: z.array(LoanProduct), aprNote: z.string() })
export type LoanProductsResponse = z.infer<typeof LoanProductsResponse>
export const LoanProductResponse = z.strictObject({ product: LoanProduct })
export type LoanProductResponse = z.infer<typeof LoanProductResponse>

/** `POST /api/loans/officer/products`: publish a product; refused (400 naming the field) when its APR is above the cap. */
export const PublishLoanProductRequest = z
  .strictObject({
    name: requiredText('产品名称', 30),
    category: LoanCategory,
    description: requiredText('产品说明', 300, 'multi'),
    minAmountFen: LoanAmountFen,
    maxAmountFen: LoanAmountFen,
    amountStepFen: z.optional(z.number().int().min(1).max(100_000_00)),
    termsMonths: z
      .array(TermMonths, { message: '请列出可选的期限' })
      .min(1, { message: '至少提供一个期限' })
      .max(12, { message: '最多 12 个期限' })
      .refine((t) => new Set(t).size === t.length, { message: '期限有重复' }),
    methods: z
      .array(LoanMethod, { message: '请列出还款方式' })
      .min(1, { message: '至少提供一种还款方式' })
      .refine((m) => new Set(m).size === m.length, { message: '还款方式有重复' }),
    annualRateBp: RateBp,
    installmentFeeBp: z.optional(RateBp),
  })
  .refine((p) => p.minAmountFen <= p.maxAmountFen, { message: '最低金额不能高于最高金额', path: ['maxAmountFen'] })
export type PublishLoanProductRequest = z.infer<typeof PublishLoanProductRequest>

// ---------------------------------------------------------------- quotes and schedules

export const ScheduleInstallment = z.strictObject({
  /** 1-based. */
  seq: z.number().int(),
  /** Shanghai day. */
  dueDate: LocalDate,
  principalFen: Fen,
  interestFen: Fen,
  feeFen: Fen,
  /** principal + interest + fee. */
  totalFen: Fen,
  /** Principal still owed after this installment. */
  remainingPrincipalFen: Fen,
})
export type ScheduleInstallment = z.infer<typeof ScheduleInstallment>

/** `POST /api/loans/quote` */
export const LoanQuoteRequest = z.strictObject({
  productId: LoanId,
  amountFen: LoanAmountFen,
  termMonths: TermMonths,
  method: LoanMethod,
})
export type LoanQuoteRequest = z.infer<typeof LoanQuoteRequest>

export const LoanQuote = z.strictObject({
  productId: LoanId,
  amountFen: Fen,
  termMonths: z.number().int(),
  method: LoanMethod,
  methodWord: z.string(),
  /** IRR-based, every fee included: the rate to show first. */
  apr: z.number(),
  aprText: z.string(),
  annualRateBp: z.number().int(),
  totalInterestFen: Fen,
  totalFeeFen: Fen,
  /** Everything the borrower pays back: principal + interest + fees. */
  totalRepayFen: Fen,
  /** The day the schedule counts from (today in Shanghai for a quote; the disbursement day for a loan). */
  startDate: LocalDate,
  schedule: z.array(ScheduleInstallment),
  aprNote: z.string(),
})
export type LoanQuote = z.infer<typeof LoanQuote>
export const LoanQuoteResponse = z.strictObject({ quote: LoanQuote })
export type LoanQuoteResponse = z.infer<typeof LoanQuoteResponse>

// ---------------------------------------------------------------- consents

/** The exact text a borrower agrees to, its version and SHA-256 (of the UTF-8 text). */
export const ConsentText = z.strictObject({
  kind: LoanConsentKind,
  kindWord: z.string(),
  version: z.string(),
  title: z.string(),
  text: z.string(),
  sha256: Sha256Hex,
})
export type ConsentText = z.infer<typeof ConsentText>
export const ConsentTextsResponse = z.strictObject({ items: z.array(ConsentText) })
export type ConsentTextsResponse = z.infer<typeof ConsentTextsResponse>

/** One consent as the app sends it: the version and hash of the text shown, and an explicit yes. */
export const ConsentGiven = z.strictObject({
  version: z.string({ message: '请提供同意的文本版本' }).regex(/^[\w.-]{1,32}$/, { message: '文本版本格式不对' }),
  sha256: Sha256Hex,
  agreed: z.literal(true, { message: '需要您勾选同意' }),
})
export type ConsentGiven = z.infer<typeof ConsentGiven>

export const RecordedConsent = z.strictObject({ kind: LoanConsentKind, kindWord: z.string(), version: z.string(), sha256: Sha256Hex, agreedAt: IsoDateTime })
export type RecordedConsent = z.infer<typeof RecordedConsent>

// ---------------------------------------------------------------- applications and loans

export const LoanIdNumber = z
  .string({ message: '请填写身份证号' })
  .trim()
  .transform((s) => s.toUpperCase())
  .superRefine((s, ctx) => {
    const problem = idNumberProblem(s)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

export const BankCardNumber = z
  .string({ message: '请填写银行卡号' })
  .max(40, { message: '银行卡号应为 12 到 19 位数字' })
  .transform(normalizeBankCard)
  .superRefine((s, ctx) => {
    const problem = bankCardProblem(s)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

/** `POST /api/loans/applications` */
export const LoanApplicationRequest = z.strictObject({
  productId: LoanId,
  purpose: requiredText('借款用途', 200, 'multi'),
  amountFen: LoanAmountFen,
  termMonths: TermMonths,
  method: LoanMethod,
  name: requiredText('姓名', 30),
  idNumber: LoanIdNumber,
  /** The code of a `getPhoneNumber` button; the server exchanges it with WeChat for the number. */
  phoneCode: WeChatCode,
  bankCard: BankCardNumber,
  bankName: requiredText('开户银行', 30),
  consents: z.strictObject({
    loanTerms: ConsentGiven,
    sensitivePersonalInfo: ConsentGiven,
  }),
})
export type LoanApplicationRequest = z.input<typeof LoanApplicationRequest>

/** The borrower as every response shows them: masked. */
export const LoanBorrower = z.strictObject({
  name: z.string(),
  idNumberMasked: z.string(),
  phoneMasked: z.string(),
  bankCardMasked: z.string(),
  bankName: z.string(),
  /** Full years on the day the application was submitted (from the ID number). */
  ageAtApplication: z.number().int(),
})
export type LoanBorrower = z.infer<typeof LoanBorrower>

/** One automatic check, run when the application is submitted. */
export const LoanCheck = z.strictObject({
  name: z.enum(['age', 'amount', 'term', 'loans_at_once', 'bank_card']),
  label: z.string(),
  passed: z.boolean(),
  /** A warning does not stop the application (e.g. a card that fails Luhn). */
  warningOnly: z.boolean(),
  detail: z.string(),
})
export type LoanCheck = z.infer<typeof LoanCheck>

export const LoanEvent = z.strictObject({
  from: z.nullable(LoanStatus),
  to: LoanStatus,
  toWord: z.string(),
  actor: LoanActor,
  actorWord: z.string(),
  reason: z.string(),
  at: IsoDateTime,
})
export type LoanEvent = z.infer<typeof LoanEvent>

export const InstallmentStatus = z.enum(Object.keys(INSTALLMENT_STATUS_WORDS) as [keyof typeof INSTALLMENT_STATUS_WORDS, ...(keyof typeof INSTALLMENT_STATUS_WORDS)[]])
export type InstallmentStatus = z.infer<typeof InstallmentStatus>

/** An installment of a disbursed loan, with what has been paid and the penalty to today. */
export const LoanInstallment = ScheduleInstallment.extend({
  paidPrincipalFen: Fen,
  paidInterestFen: Fen,
  paidFeeFen: Fen,
  paidPenaltyFen: Fen,
  /** Penalty interest accrued to today on what is overdue (after the grace days). */
  penaltyDueFen: Fen,
  /** What it takes to clear this installment today. */
  owedFen: Fen,
  status: InstallmentStatus,
  statusWord: z.string(),
  paidAt: z.nullable(IsoDateTime),
})
export type LoanInstallment = z.infer<typeof LoanInstallment>

export const LedgerEntry = z.strictObject({
  id: z.string(),
  kind: LedgerEntryKind,
  kindWord: z.string(),
  /** The whole movement (positive); for a repayment, principal + interest + penalty + fee (+ any overpayment to be refunded). */
  amountFen: Fen,
  /**
   * The split of a repayment: what it added to each bucket of the schedule's "paid" (so the ledger
   * always sums to the schedule). Normally ≥ 0; an early payoff after an installment was paid ahead
   * moves that money to principal, shown as a negative fee/interest and more principal.
   */
  principalFen: z.number().int(),
  interestFen: z.number().int(),
  penaltyFen: z.number().int(),
  feeFen: z.number().int(),
  /** Part of a repayment that paid nothing owed (paid twice): refunded in full. */
  overpaidFen: Fen,
  installmentSeq: z.nullable(z.number().int()),
  paymentId: z.nullable(z.string()),
  at: IsoDateTime,
})
export type LedgerEntry = z.infer<typeof LedgerEntry>

export const RepaymentScope = z.enum(['installments', 'payoff'], { message: '还款方式只能是 按期还款 或 提前全部还清' })
export type RepaymentScope = z.infer<typeof RepaymentScope>

export const RepaymentStatus = z.enum(Object.keys(REPAYMENT_STATUS_WORDS) as [keyof typeof REPAYMENT_STATUS_WORDS, ...(keyof typeof REPAYMENT_STATUS_WORDS)[]])
export type RepaymentStatus = z.infer<typeof RepaymentStatus>

/** A repayment: the payable order of the payments module (`kind: 'loan_repayment'`, `orderId: id`). */
export const Repayment = z.strictObject({
  id: z.string(),
  loanId: LoanId,
  scope: RepaymentScope,
  /** The installments it pays (all remaining ones for a payoff). */
  installmentSeqs: z.array(z.number().int()),
  amountFen: Fen,
  principalFen: Fen,
  interestFen: Fen,
  penaltyFen: Fen,
  feeFen: Fen,
  status: RepaymentStatus,
  statusWord: z.string(),
  /** Pay before this (the quote holds until then). */
  holdExpiresAt: IsoDateTime,
  createdAt: IsoDateTime,
  paidAt: z.nullable(IsoDateTime),
  /** Paid twice: what goes back, and whether it has. */
  refundDueFen: Fen,
  refundedFen: Fen,
})
export type Repayment = z.infer<typeof Repayment>

/** The disbursement as the loan shows it (written by modules/loans/disbursement.ts). */
export const LoanDisbursementView = z.strictObject({
  status: z.string(),
  statusWord: z.string(),
  amountFen: Fen,
  startedAt: IsoDateTime,
  disbursedAt: z.nullable(IsoDateTime),
  /** What `wx.requestMerchantTransfer` needs while the borrower has to confirm the transfer in WeChat. */
  confirm: z.nullable(z.strictObject({ mchId: z.string(), appId: z.string(), package: z.string() })),
})
export type LoanDisbursementView = z.infer<typeof LoanDisbursementView>

export const LoanSummary = z.strictObject({
  id: LoanId,
  productId: LoanId,
  productName: z.string(),
  category: LoanCategory,
  amountFen: Fen,
  termMonths: z.number().int(),
  method: LoanMethod,
  methodWord: z.string(),
  apr: z.number(),
  aprText: z.string(),
  /** The stored status, or `overdue` while an installment is past due. */
  status: LoanDisplayStatus,
  statusWord: z.string(),
  borrowerName: z.string(),
  submittedAt: IsoDateTime,
  /** The next installment to pay (repaying loans), with what it takes today. */
  nextDue: z.nullable(z.strictObject({ seq: z.number().int(), dueDate: LocalDate, owedFen: Fen, overdue: z.boolean() })),
  outstandingPrincipalFen: Fen,
})
export type LoanSummary = z.infer<typeof LoanSummary>

export const Loan = LoanSummary.extend({
  purpose: z.string(),
  annualRateBp: z.number().int(),
  borrower: LoanBorrower,
  /** The schedule as quoted at application (before disbursement), then the loan's own. */
  schedule: z.array(LoanInstallment),
  totalInterestFen: Fen,
  totalFeeFen: Fen,
  totalRepayFen: Fen,
  /** Everything repaid so far (principal + interest + penalty + fee). */
  repaidFen: Fen,
  checks: z.array(LoanCheck),
  consents: z.array(RecordedConsent),
  contract: z.nullable(z.strictObject({ sha256: Sha256Hex, acceptedAt: IsoDateTime })),
  /** The officer's decision and reason (approved / rejected). */
  decision: z.nullable(z.strictObject({ approved: z.boolean(), reason: z.string(), at: IsoDateTime })),
  disbursement: z.nullable(LoanDisbursementView),
  disbursedAt: z.nullable(IsoDateTime),
  settledAt: z.nullable(IsoDateTime),
  events: z.array(LoanEvent),
  ledger: z.array(LedgerEntry),
  repayments: z.array(Repayment),
})
export type Loan = z.infer<typeof Loan>

export const LoanResponse = z.strictObject({ loan: Loan })
export type LoanResponse = z.infer<typeof LoanResponse>
/** The answer to an application: the loan, and warnings that did not stop it (a card failing Luhn). */
export const LoanApplicationResponse = z.strictObject({ loan: Loan, warnings: z.array(z.string()) })
export type LoanApplicationResponse = z.infer<typeof LoanApplicationResponse>
export const LoansResponse = z.strictObject({ items: z.array(LoanSummary) })
export type LoansResponse = z.infer<typeof LoansResponse>

// ---------------------------------------------------------------- contract

export const LoanContract = z.strictObject({
  loanId: LoanId,
  /** The template's version. */
  version: z.string(),
  title: z.string(),
  /** The exact text (annualised rate first, the schedule as a table); what the SHA-256 is of. */
  text: z.string(),
  sha256: Sha256Hex,
  acceptedAt: z.nullable(IsoDateTime),
})
export type LoanContract = z.infer<typeof LoanContract>
export const LoanContractResponse = z.strictObject({ contract: LoanContract })
export type LoanContractResponse = z.infer<typeof LoanContractResponse>

/** `POST /api/loans/my/:id/contract/accept`: the hash of the text the borrower read. */
export const AcceptContractRequest = z.strictObject({ sha256: Sha256Hex })
export type AcceptContractRequest = z.infer<typeof AcceptContractRequest>

// ---------------------------------------------------------------- repayments

/** `POST /api/loans/my/:id/repayment-quote`: the next `count` installments, or everything (early payoff). */
export const RepaymentQuoteRequest = z.discriminatedUnion(
  'scope',
  [
    z.strictObject({ scope: z.literal('installments'), count: z.number({ message: '请选择还几期' }).int({ message: '期数应为整数' }).min(1, { message: '至少还 1 期' }).max(60, { message: '期数太多' }) }),
    z.strictObject({ scope: z.literal('payoff') }),
  ],
  { message: '还款方式只能是 按期还款 或 提前全部还清' },
)
export type RepaymentQuoteRequest = z.infer<typeof RepaymentQuoteRequest>

/** The amount to the day, computed by the server (@tianyuan/loans), before the borrower pays. */
export const RepaymentQuote = z.strictObject({
  loanId: LoanId,
  scope: RepaymentScope,
  installmentSeqs: z.array(z.number().int()),
  /** Shanghai day the amount is right for. */
  asOf: LocalDate,
  amountFen: Fen,
  principalFen: Fen,
  interestFen: Fen,
  penaltyFen: Fen,
  feeFen: Fen,
  /** For a payoff: interest and fees of the schedule that are not charged because of paying early. */
  savedFen: Fen,
  note: z.string(),
})
export type RepaymentQuote = z.infer<typeof RepaymentQuote>
export const RepaymentQuoteResponse = z.strictObject({ quote: RepaymentQuote })
export type RepaymentQuoteResponse = z.infer<typeof RepaymentQuoteResponse>

/**
 * `POST /api/loans/my/:id/repayments`: start a repayment of what was quoted. `amountFen` is the
 * quoted amount the borrower saw: if today's amount differs (a day passed), 409 with the new quote.
 */
export const CreateRepaymentRequest = z.discriminatedUnion(
  'scope',
  [
    z.strictObject({ scope: z.literal('installments'), count: z.number().int().min(1, { message: '至少还 1 期' }).max(60, { message: '期数太多' }), amountFen: Fen }),
    z.strictObject({ scope: z.literal('payoff'), amountFen: Fen }),
  ],
  { message: '还款方式只能是 按期还款 或 提前全部还清' },
)
export type CreateRepaymentRequest = z.infer<typeof CreateRepaymentRequest>
export const RepaymentResponse = z.strictObject({ repayment: Repayment })
export type RepaymentResponse = z.infer<typeof RepaymentResponse>

// ---------------------------------------------------------------- credit officer (信贷员)

export const LoanOfficer = z.strictObject({ id: z.string(), name: z.string(), branch: z.string() })
export type LoanOfficer = z.infer<typeof LoanOfficer>
export const LoanOfficerMeResponse = z.strictObject({ officer: LoanOfficer })
export type LoanOfficerMeResponse = z.infer<typeof LoanOfficerMeResponse>

/** `GET /api/loans/officer/applications?status=` (default: submitted and under review, oldest first). */
export const OfficerQueueQuery = z.strictObject({ status: z.optional(z.enum(LOAN_STATUSES, { message: '状态不对' })) })
export type OfficerQueueQuery = z.infer<typeof OfficerQueueQuery>

export const OfficerLoanResponse = z.strictObject({
  loan: Loan,
  /** The officer's own application: they may look but not decide. */
  ownApplication: z.boolean(),
})
export type OfficerLoanResponse = z.infer<typeof OfficerLoanResponse>

/** approve / reject: the reason is required and goes into the audit trail. */
export const LoanDecisionRequest = z.strictObject({ reason: requiredText('理由', 200, 'multi') })
export type LoanDecisionRequest = z.infer<typeof LoanDecisionRequest>

/* start-review and disburse take no body (nothing, or `{}`). */
