import {
  APR_NOTE,
  LOAN_METHOD_WORDS,
  LOAN_SERVICE_PHONE,
  LOAN_STATUS_WORDS,
  OVERDUE_RULE,
  OVERPAYMENT_RULE,
  formatRatePercent,
  formatYuan,
  maskIdNumber,
  shanghaiDate,
  toShanghaiIso,
  type LoanContract,
} from '@tianyuan/contracts'
import { answerInTransaction } from '../../platform/idempotency'
import { quoteOf } from './arithmetic'
import { figuresOf, ownLoanRow } from './applications'
import { sha256Hex } from './consents'
import type { LoanRow } from './schema'
import { loanErrors, sortableId, type LoansDeps } from './shared'

export const CONTRACT_VERSION = 'contract-2026.12'
const TITLE = '惠农小贷借款合同'

/**
 * The contract's exact text, generated from the loan's figures and its schedule counted from
 * `startDate` (the day it is read; the money goes out after the borrower accepts, and due dates
 * count from the disbursement day — the amounts do not change, interest is by the month). The
 * annualised rate comes first; the nominal rate is labelled as simple interest and shown after it;
 * no daily or monthly rate appears.
 */
export function contractText(row: LoanRow, productName: string, startDate: string): string {
  const f = figuresOf(row)
  const q = quoteOf(row.product_id, f, startDate)
  const lines = [
    `${TITLE}（${CONTRACT_VERSION}）`,
    `合同编号：${row.id}`,
    `借款人：${row.borrower_name}（身份证号 ${maskIdNumber(row.id_number)}）`,
    `出借产品：${productName}`,
    '',
    `年化利率：${q.aprText}（${APR_NOTE}）`,
    `借款金额：${formatYuan(f.amountFen)} 元，放款时全额到账，不预先扣除任何利息或费用`,
    `借款期限：${f.termMonths} 个月；还款方式：${LOAN_METHOD_WORDS[f.method]}`,
    `合同利率（单利，年）：${formatRatePercent(f.annualRateBp / 10000)}；服务费：${q.totalFeeFen > 0 ? `每期 ${formatYuan(q.schedule[0]?.feeFen ?? 0)} 元` : '无'}`,
    `您一共要还：${formatYuan(q.totalRepayFen)} 元，其中本金 ${formatYuan(f.amountFen)} 元、利息 ${formatYuan(q.totalInterestFen)} 元、服务费 ${formatYuan(q.totalFeeFen)} 元`,
    '',
    `还款计划（按 ${startDate} 放款计算；实际以放款日为起算日，各期日期相应顺延，金额不变）：`,
    '期数｜还款日｜本金（元）｜利息（元）｜服务费（元）｜合计（元）｜剩余本金（元）',
    ...q.schedule.map((i) => `${i.seq}｜${i.dueDate}｜${formatYuan(i.principalFen)}｜${formatYuan(i.interestFen)}｜${formatYuan(i.feeFen)}｜${formatYuan(i.totalFen)}｜${formatYuan(i.remainingPrincipalFen)}`),
    '',
    '提前还款：可以随时全部提前还清，利息只计到还款当天，不收违约金。',
    `逾期：${OVERDUE_RULE}`,
    `重复付款：${OVERPAYMENT_RULE}`,
    `客服与投诉：${LOAN_SERVICE_PHONE}，15 日内答复。`,
  ]
  return lines.join('\n')
}

async function productName(deps: LoansDeps, productId: string): Promise<string> {
  return (await deps.db.selectFrom('loan_products').select('name').where('id', '=', productId).executeTakeFirstOrThrow()).name
}

function stored(row: LoanRow): LoanContract | null {
  if (row.contract_text === null || row.contract_sha256 === null || row.contract_accepted_at === null) return null
  return { loanId: row.id, version: row.contract_version ?? CONTRACT_VERSION, title: TITLE, text: row.contract_text, sha256: row.contract_sha256, acceptedAt: toShanghaiIso(Number(row.contract_accepted_at)) }
}

/** The contract: the accepted text once accepted; before that, today's text (approved loans only). */
export async function getContract(deps: LoansDeps, userId: string, loanId: string): Promise<LoanContract> {
  const row = await ownLoanRow(deps.db, userId, loanId)
  const accepted = stored(row)
  if (accepted) return accepted
  if (row.status !== 'approved') throw loanErrors.state(`这笔借款现在是「${LOAN_STATUS_WORDS[row.status]}」，审批通过后才会生成借款合同`)
  const text = contractText(row, await productName(deps, row.product_id), shanghaiDate(deps.now()))
  return { loanId, version: CONTRACT_VERSION, title: TITLE, text, sha256: sha256Hex(text), acceptedAt: null }
}

/**
 * The borrower accepts the text they read, named by its SHA-256: recorded with the exact text,
 * once (again with the same hash: unchanged). A hash of another text (the day changed, so the
 * dates did) → 409 to read it again.
 */
export async function acceptContract(deps: LoansDeps, userId: string, loanId: string, sha256: string): Promise<LoanContract> {
  const row = await ownLoanRow(deps.db, userId, loanId)
  const accepted = stored(row)
  if (accepted) {
    if (accepted.sha256 === sha256) return accepted
    throw loanErrors.conflict('这份合同已经确认过了')
  }
  if (row.status !== 'approved') throw loanErrors.state(`这笔借款现在是「${LOAN_STATUS_WORDS[row.status]}」，审批通过后才能确认合同`)
  const now = deps.now()
  const text = contractText(row, await productName(deps, row.product_id), shanghaiDate(now))
  const hash = sha256Hex(text)
  if (hash !== sha256) throw loanErrors.conflict('合同内容有更新（比如日期顺延了），请重新阅读后再确认')
  return deps.db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('loans')
      .set({ contract_version: CONTRACT_VERSION, contract_text: text, contract_sha256: hash, contract_accepted_at: now, updated_at: now })
      .where('id', '=', loanId)
      .where('status', '=', 'approved')
      .where('contract_accepted_at', 'is', null)
      .executeTakeFirst()
    if (Number(moved.numUpdatedRows) === 1) {
      await trx
        .insertInto('loan_events')
        .values({ id: sortableId(Date.now()), loan_id: loanId, from_status: 'approved', to_status: 'approved', actor: 'borrower', actor_user_id: userId, reason: `借款人确认借款合同（SHA-256 ${hash.slice(0, 12)}…）`, at: now })
        .execute()
    }
    const after = await trx.selectFrom('loans').selectAll().where('id', '=', loanId).executeTakeFirstOrThrow()
    const contract = stored(after)
    if (!contract) throw loanErrors.state(`这笔借款现在是「${LOAN_STATUS_WORDS[after.status]}」，不能确认合同`)
    await answerInTransaction(trx, 200, { contract })
    return contract
  })
}
