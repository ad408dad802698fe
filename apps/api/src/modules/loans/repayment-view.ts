import { REPAYMENT_STATUS_WORDS, toShanghaiIso, type Repayment } from '@tianyuan/contracts'
import type { RepaymentRow } from './schema'

function seqs(json: string): number[] {
  try {
    const v: unknown = JSON.parse(json)
    return Array.isArray(v) ? v.filter((n): n is number => typeof n === 'number') : []
  } catch {
    return []
  }
}

export function toRepayment(r: RepaymentRow): Repayment {
  return {
    id: r.id,
    loanId: r.loan_id,
    scope: r.scope,
    installmentSeqs: seqs(r.installment_seqs),
    amountFen: Number(r.amount_fen),
    principalFen: Number(r.principal_fen),
    interestFen: Number(r.interest_fen),
    penaltyFen: Number(r.penalty_fen),
    feeFen: Number(r.fee_fen),
    status: r.status,
    statusWord: REPAYMENT_STATUS_WORDS[r.status],
    holdExpiresAt: toShanghaiIso(Number(r.hold_expires_at)),
    createdAt: toShanghaiIso(Number(r.created_at)),
    paidAt: r.paid_at !== null ? toShanghaiIso(Number(r.paid_at)) : null,
    refundDueFen: Number(r.refund_due_fen),
    refundedFen: Number(r.refunded_fen),
  }
}

export { seqs as repaymentSeqs }
