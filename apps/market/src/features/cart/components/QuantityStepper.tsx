import { Input, Text, View } from '@tarojs/components'
import { a11yProps, fieldA11yProps } from '@tianyuan/ui'
import { useState } from 'react'
import { parseQuantity } from '../quantity'
import './QuantityStepper.scss'

interface QuantityStepperProps {
  value: number
  max: number
  onChange: (n: number) => void
  id?: string
  /** The number is a field the user can type into (20 斤 is two key presses, not 19 taps); its id is `<id>-input`. */
  editable?: boolean
  /** What is counted, for the field's spoken name: '斤'. */
  unit?: string
}

/** − n + with 44 pt targets; stays within 1…max. */
export function QuantityStepper({ value, max, onChange, id, editable = false, unit = '' }: QuantityStepperProps) {
  // What the field shows while typing: it may be empty for a moment; the quantity itself is `value`.
  const [typed, setTyped] = useState(String(value))
  // ＋/－ (or the cart) changed the quantity: the field shows the new one (set while rendering, as React advises).
  const [shownFor, setShownFor] = useState(value)
  if (shownFor !== value) {
    setShownFor(value)
    setTyped(String(value))
  }
  const onInput = (e: { detail: { value: string } }) => {
    const n = parseQuantity(e.detail.value, max)
    setTyped(n === undefined ? '' : String(n))
    if (n !== undefined && n !== value) onChange(n)
    return n === undefined ? '' : String(n)
  }
  return (
    <View className='mk-qty' id={id}>
      <View className='mk-qty__btn' id={id ? `${id}-minus` : undefined} onClick={() => value > 1 && onChange(value - 1)} {...a11yProps({ role: 'button', label: '减少一份', disabled: value <= 1 })}>
        −
      </View>
      {editable ? (
        <Input
          className='mk-qty__value mk-qty__input'
          id={id ? `${id}-input` : undefined}
          type='number'
          value={typed}
          maxlength={String(Math.max(max, 1)).length}
          onInput={onInput}
          onBlur={() => setTyped(String(value))}
          {...fieldA11yProps(`买多少${unit}，最多 ${max}`)}
        />
      ) : (
        <Text className='mk-qty__value' id={id ? `${id}-value` : undefined}>
          {value}
        </Text>
      )}
      <View className='mk-qty__btn' id={id ? `${id}-plus` : undefined} onClick={() => value < max && onChange(value + 1)} {...a11yProps({ role: 'button', label: '增加一份', disabled: value >= max })}>
        ＋
      </View>
    </View>
  )
}
