import { Text, View } from '@tarojs/components'
import { LOAN_METHOD_HINTS, LOAN_METHOD_WORDS } from '@tianyuan/contracts/loans-rules'
import type { LoanMethod, LoanProduct } from '@tianyuan/contracts/types'
import { ChoiceCard, ChoiceGroup, FormField } from '@tianyuan/ui'
import { formatYuan, shortYuan } from '../../products/money'
import { termWords } from '../../products/rate'
import { amountPresets } from '../plan'

export interface PlanPickerProps {
  product: LoanProduct
  /** What is typed, in yuan. */
  amountText: string
  onAmountText: (text: string) => void
  amountError?: string
  termMonths: number | undefined
  onTerm: (months: number) => void
  method: LoanMethod | undefined
  onMethod: (method: LoanMethod) => void
}

/** How much (round amounts to tap, or typed), how long, how to repay: the calculator's and the application's pickers. */
export function PlanPicker({ product, amountText, onAmountText, amountError, termMonths, onTerm, method, onMethod }: PlanPickerProps) {
  return (
    <View>
      <View className='ty-card'>
        <FormField
          id='amount'
          label='借多少钱（元）'
          type='digit'
          required
          value={amountText}
          onChange={onAmountText}
          error={amountError}
          maxLength={9}
          hint={`能借 ${formatYuan(product.minAmountFen)}–${formatYuan(product.maxAmountFen)} 元，点下面的数也行`}
        />
        <ChoiceGroup label='常用金额' className='ty-choices-row'>
          {amountPresets(product).map((fen) => (
            <ChoiceCard key={fen} id={`amount-${fen}`} checked={amountText === String(fen / 100)} onSelect={() => onAmountText(String(fen / 100))} label={`${formatYuan(fen)} 元`}>
              <Text className='ty-text'>{shortYuan(fen)}</Text>
            </ChoiceCard>
          ))}
        </ChoiceGroup>
      </View>
      <View className='ty-card'>
        <Text className='ty-h'>借多久</Text>
        <ChoiceGroup label='借多久' className='ty-choices-row'>
          {product.termsMonths.map((m) => (
            <ChoiceCard key={m} id={`term-${m}`} checked={m === termMonths} onSelect={() => onTerm(m)}>
              <Text className='ty-text'>{termWords(m)}</Text>
            </ChoiceCard>
          ))}
        </ChoiceGroup>
      </View>
      <View className='ty-card'>
        <Text className='ty-h'>怎么还</Text>
        <ChoiceGroup label='怎么还'>
          {product.methods.map((m) => (
            <ChoiceCard key={m} id={`method-${m}`} checked={m === method} onSelect={() => onMethod(m)} label={LOAN_METHOD_WORDS[m]}>
              <Text className='ty-text'>{LOAN_METHOD_WORDS[m]}</Text>
              <Text className='ty-note'>{LOAN_METHOD_HINTS[m]}</Text>
            </ChoiceCard>
          ))}
        </ChoiceGroup>
      </View>
    </View>
  )
}
