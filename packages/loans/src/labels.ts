import type { RepaymentMethod } from './types'

/** The zh-CN names borrowers see. */
export const REPAYMENT_METHOD_LABELS: Readonly<Record<RepaymentMethod, string>> = {
  equal_installment: '等额本息',
  equal_principal: '等额本金',
  interest_monthly: '按月付息、到期还本',
  bullet: '到期一次还本付息',
}

/** One plain sentence per method, for a first-time borrower. */
export const REPAYMENT_METHOD_DESCRIPTIONS: Readonly<Record<RepaymentMethod, string>> = {
  equal_installment: '每月还款金额相同，前期利息多、本金少。',
  equal_principal: '每月还相同的本金，利息逐月减少，首月还款最多，总利息比等额本息少。',
  interest_monthly: '每月只还利息，最后一个月还清全部本金。',
  bullet: '借款期间不用还款，到期（如收获卖粮后）一次还清本金和利息。',
}

export const REPAYMENT_METHODS: readonly RepaymentMethod[] = ['equal_installment', 'equal_principal', 'interest_monthly', 'bullet']
