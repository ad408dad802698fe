import { Text, View } from '@tarojs/components'
import { LOAN_METHOD_WORDS } from '@tianyuan/contracts/loans-rules'
import { formatYuan } from '../../products/money'
import { formatRateBp, termWords } from '../../products/rate'
import { installmentWords, type Plan } from '../plan'
import './PlanSummary.scss'

/**
 * What a loan costs, in the order a first-time borrower should read it: the annualised rate
 * (largest), then in plain words what they pay back in all, in yuan, and what of it is interest
 * and fees; the installment and the contract rate after, smaller (PBOC 2021 No. 3).
 */
export function PlanSummary({ plan, id, aprNote }: { plan: Omit<Plan, 'startDate'>; id?: string; aprNote?: string }) {
  const cost = plan.totalInterestFen + plan.totalFeeFen
  return (
    <View className='ty-card plan' id={id}>
      <Text className='plan__label'>年化利率（利息和所有费用都算在内）</Text>
      <Text className='plan__apr' id={id ? `${id}-apr` : undefined}>
        {plan.aprText}
      </Text>
      <Text className='plan__total' id={id ? `${id}-total` : undefined}>
        借 {formatYuan(plan.amountFen)} 元、{termWords(plan.termMonths)}，一共要还 {formatYuan(plan.totalRepayFen)} 元
      </Text>
      <Text className='ty-text' id={id ? `${id}-cost` : undefined}>
        比借的多还 {formatYuan(cost)} 元：利息 {formatYuan(plan.totalInterestFen)} 元{plan.totalFeeFen > 0 ? `，服务费 ${formatYuan(plan.totalFeeFen)} 元` : '，没有其他费用'}
      </Text>
      <Text className='ty-note' id={id ? `${id}-installment` : undefined}>
        {LOAN_METHOD_WORDS[plan.method]}：{installmentWords(plan)}
      </Text>
      <Text className='ty-note'>合同利率（单利）每年 {formatRateBp(plan.annualRateBp)}</Text>
      {aprNote && <Text className='ty-note'>{aprNote}</Text>}
    </View>
  )
}
