import { Text, View } from '@tarojs/components'
import type { ScheduleInstallment } from '@tianyuan/contracts/types'
import { a11yProps } from '@tianyuan/ui'
import { formatYuan } from '../../products/money'
import './Schedule.scss'

export interface ScheduleRow extends ScheduleInstallment {
  /** A disbursed loan's row: 已还 / 待还 / 已逾期 (shown, and read out, after the amounts). */
  statusWord?: string
  /** Settled: the row is greyed and marked 已还. */
  paid?: boolean
}

/** '第 1 期，2027年1月4日，还 1,037.03 元：本金 970.36 元，利息 66.67 元' — what a screen reader says for a row. */
export function rowWords(row: ScheduleRow): string {
  const fee = row.feeFen > 0 ? `，服务费 ${formatYuan(row.feeFen)} 元` : ''
  const status = row.statusWord ? `，${row.statusWord}` : ''
  return `第 ${row.seq} 期，${dayWords(row.dueDate)}，还 ${formatYuan(row.totalFen)} 元：本金 ${formatYuan(row.principalFen)} 元，利息 ${formatYuan(row.interestFen)} 元${fee}${status}`
}

/** '2027-01-04' → '2027年1月4日' */
export const dayWords = (day: string): string => {
  const [y, m, d] = day.split('-')
  return `${y}年${Number(m)}月${Number(d)}日`
}

/**
 * The schedule as a table: period, due day, what is paid (principal, interest with fees), and —
 * for a disbursed loan — whether it is paid. Each row is one group read as a sentence, so a
 * screen reader gets the figures with their names, not a stream of numbers.
 */
export function ScheduleTable({ rows, id }: { rows: ScheduleRow[]; id?: string }) {
  const withStatus = rows.some((r) => r.statusWord)
  return (
    <View className='sch' id={id}>
      <View className='sch__row sch__row--head' {...a11yProps({ hidden: true })}>
        <Text className='sch__c sch__c--n'>期</Text>
        <Text className='sch__c sch__c--day'>还款日</Text>
        <Text className='sch__c'>本金</Text>
        <Text className='sch__c'>利息{rows.some((r) => r.feeFen > 0) ? '+费' : ''}</Text>
        <Text className='sch__c sch__c--total'>合计</Text>
        {withStatus && <Text className='sch__c sch__c--st'>状态</Text>}
      </View>
      {rows.map((row) => (
        <View key={row.seq} id={id ? `${id}-${row.seq}` : undefined} className={`sch__row${row.paid ? ' sch__row--paid' : ''}`} {...a11yProps({ role: 'group', label: rowWords(row) })}>
          <Text className='sch__c sch__c--n'>{row.seq}</Text>
          <Text className='sch__c sch__c--day'>{row.dueDate.slice(2)}</Text>
          <Text className='sch__c'>{formatYuan(row.principalFen)}</Text>
          <Text className='sch__c'>{formatYuan(row.interestFen + row.feeFen)}</Text>
          <Text className='sch__c sch__c--total'>{formatYuan(row.totalFen)}</Text>
          {withStatus && <Text className='sch__c sch__c--st'>{row.statusWord ?? ''}</Text>}
        </View>
      ))}
    </View>
  )
}
