// What a loan's state means for the borrower, in one line: what happens next, and what to do.
import type { Loan, LoanSummary } from '@tianyuan/contracts/types'
import { formatYuan } from '../products/money'

/** The next thing the borrower should know or do, or undefined when the status says it all. */
export function nextStepWords(loan: Pick<Loan, 'status' | 'contract' | 'disbursement' | 'decision' | 'nextDue'>): string | undefined {
  switch (loan.status) {
    case 'submitted':
    case 'under_review':
      return '信贷员正在审核，一般 1 到 2 个工作日，有结果会显示在这里。'
    case 'rejected':
      return loan.decision ? `没有批准：${loan.decision.reason}` : '没有批准。'
    case 'approved':
      if (!loan.contract?.acceptedAt) return '已经批准了。请先看借款合同，确认后才放款。'
      if (loan.disbursement?.confirm) return '钱已经转出，请点“确认收款”，在微信里收下。'
      return '合同已确认，等信贷员放款，放款后在这里确认收款。'
    case 'repaying':
    case 'overdue':
      return loan.nextDue ? `下一期：第 ${loan.nextDue.seq} 期，${loan.nextDue.dueDate} 前还 ${formatYuan(loan.nextDue.owedFen)} 元${loan.nextDue.overdue ? '（已逾期，请尽快还）' : ''}` : undefined
    case 'settled':
      return '已经全部还清，谢谢您按时还款。'
    default:
      return undefined
  }
}

/** A loan in the list: '春耕贷 · 借 30,000 元 · 12 个月'. */
export const summaryWords = (loan: Pick<LoanSummary, 'productName' | 'amountFen' | 'termMonths'>): string => `${loan.productName} · 借 ${formatYuan(loan.amountFen)} 元 · ${loan.termMonths} 个月`
