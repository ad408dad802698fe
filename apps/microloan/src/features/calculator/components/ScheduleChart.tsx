import { Text, View } from '@tarojs/components'
import type { ScheduleInstallment } from '@tianyuan/contracts/types'
import { a11yProps } from '@tianyuan/ui'
import './Schedule.scss'

/** Each installment's share of principal and of interest + fees, as percentages of the largest installment. */
export function barsOf(rows: readonly ScheduleInstallment[]): { seq: number; principalPct: number; costPct: number }[] {
  const largest = Math.max(1, ...rows.map((r) => r.totalFen))
  return rows.map((r) => ({ seq: r.seq, principalPct: (r.principalFen * 100) / largest, costPct: ((r.interestFen + r.feeFen) * 100) / largest }))
}

/**
 * The schedule as bars (CSS only, no chart library): one bar per installment, principal in the
 * theme colour, interest and fees in amber after it. The table beside it carries the figures; the
 * chart is one picture for a screen reader, described in words.
 */
export function ScheduleChart({ rows, id }: { rows: readonly ScheduleInstallment[]; id?: string }) {
  return (
    <View className='sch-chart' id={id} {...a11yProps({ role: 'img', label: '每期还款的柱状图：深色是本金，浅色是利息和费用，数字见下面的表' })}>
      <View className='sch-chart__legend' {...a11yProps({ hidden: true })}>
        <View className='sch-chart__key sch-chart__key--p' />
        <Text className='ty-note'>本金</Text>
        <View className='sch-chart__key sch-chart__key--c' />
        <Text className='ty-note'>利息和费用</Text>
      </View>
      {barsOf(rows).map((b) => (
        <View key={b.seq} className='sch-chart__bar' {...a11yProps({ hidden: true })}>
          <Text className='sch-chart__n'>{b.seq}</Text>
          <View className='sch-chart__track'>
            <View className='sch-chart__p' style={{ width: `${b.principalPct}%` }} />
            <View className='sch-chart__c' style={{ width: `${b.costPct}%` }} />
          </View>
        </View>
      ))}
    </View>
  )
}
