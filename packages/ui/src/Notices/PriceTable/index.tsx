import { Text, View } from '@tarojs/components'
import type { PriceRow } from '@tianyuan/contracts/types'
import { changeText, changeWords, yuanText } from '@tianyuan/contracts/notices-rules'
import './index.scss'

declare const process: { env: { TARO_ENV?: string } }

type TableRole = 'table' | 'row' | 'columnheader' | 'rowheader' | 'cell'

/**
 * A table role for a screen reader: `role` in the browser, `aria-role` in WeChat. A cell's
 * `label` is what WeChat's reader says (the browser reads the text and its headers itself).
 */
function tableA11y(role: TableRole, label?: string): Record<string, string> {
  const attrs: Record<string, string> = { [process.env.TARO_ENV === 'weapp' ? 'aria-role' : 'role']: role }
  if (label) attrs['aria-label'] = label
  return attrs
}

const COLUMNS = ['品名', '单位', '价格（元）', '涨跌（元）'] as const

export interface PriceTableProps {
  rows: readonly PriceRow[]
  /** The table's name for a screen reader. */
  caption?: string
  id?: string
  className?: string
}

/**
 * A price bulletin as a real table: a header row of column headers, each row headed by its
 * product, so a screen reader says "大白菜，价格（元），1.20"; 涨 in red, 跌 in green (as Chinese
 * price boards do), and the words 涨/跌/持平 for whoever cannot tell the colours apart.
 */
export function PriceTable({ rows, caption = '价格表', id, className }: PriceTableProps) {
  return (
    <View id={id} className={`ty-ptable ${className ?? ''}`.trim()} {...tableA11y('table', caption)}>
      <View className='ty-ptable__row ty-ptable__row--head' {...tableA11y('row')}>
        {COLUMNS.map((c) => (
          <Text key={c} className='ty-ptable__cell' {...tableA11y('columnheader')}>
            {c}
          </Text>
        ))}
      </View>
      {rows.map((r, i) => (
        <View key={`${r.product}-${i}`} className='ty-ptable__row' {...tableA11y('row')}>
          <Text className='ty-ptable__cell ty-ptable__cell--product' {...tableA11y('rowheader')}>
            {r.product}
          </Text>
          <Text className='ty-ptable__cell' {...tableA11y('cell')}>
            {r.unit}
          </Text>
          <Text className='ty-ptable__cell ty-ptable__cell--num' {...tableA11y('cell', `${yuanText(r.priceFen)} 元`)}>
            {yuanText(r.priceFen)}
          </Text>
          <Text className={`ty-ptable__cell ty-ptable__cell--num ${r.changeFen > 0 ? 'ty-ptable__up' : r.changeFen < 0 ? 'ty-ptable__down' : ''}`} {...tableA11y('cell', changeWords(r.changeFen))}>
            {r.changeFen === 0 ? '持平' : `${r.changeFen > 0 ? '↑' : '↓'}${changeText(r.changeFen)}`}
          </Text>
        </View>
      ))}
    </View>
  )
}
