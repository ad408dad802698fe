import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { a11yProps } from '../a11y'

export interface ChoiceCardProps {
  /** This one is chosen (● and the theme's border); a screen reader says 已选中. */
  checked: boolean
  /** The user chose it. Not called while disabled. */
  onSelect: () => void
  /** The words of the choice (its accessible name): '快递送到家', or richer content with `label`. */
  children: ReactNode
  /** The name to read when `children` is more than its words (an address with a phone number…). */
  label?: string
  /** Cannot be chosen now (greyed, 已约满…). */
  disabled?: boolean
  /** Also show as chosen without being the one (e.g. every star up to the rating). */
  highlighted?: boolean
  id?: string
  className?: string
}

/**
 * One of several choices, the whole box the target (≥ 88px): ○ / ● before its words, a radio
 * to a screen reader (role radio, aria-checked) on H5 and in WeChat. Put a group of them in a
 * `ChoiceGroup` so they are announced as one question.
 */
export function ChoiceCard({ checked, onSelect, children, label, disabled = false, highlighted, id, className }: ChoiceCardProps) {
  const on = highlighted ?? checked
  const classes = ['ty-choice', on ? 'ty-choice--on' : '', disabled ? 'ty-choice--off' : '', className ?? '']
  return (
    <View id={id} className={classes.filter(Boolean).join(' ')} onClick={() => !disabled && onSelect()} {...a11yProps({ role: 'radio', checked, disabled, label })}>
      <View className='ty-choice__body'>
        <Text className='ty-choice__mark ty-text' {...a11yProps({ hidden: true })}>
          {checked ? '●' : '○'}
        </Text>
        <View className='ty-choice__content'>{children}</View>
      </View>
    </View>
  )
}

export interface ChoiceGroupProps {
  /** The question the choices answer ('怎么收货'): the group's name for a screen reader. */
  label: string
  children: ReactNode
  id?: string
  className?: string
}

/** The choices of one question, read as a group named by it. */
export function ChoiceGroup({ label, children, id, className }: ChoiceGroupProps) {
  return (
    <View id={id} className={className} {...a11yProps({ role: 'radiogroup', label })}>
      {children}
    </View>
  )
}

export interface CheckboxProps {
  checked: boolean
  onChange: (checked: boolean) => void
  /** The sentence the user agrees to or confirms; the accessible name. */
  children: ReactNode
  label?: string
  disabled?: boolean
  id?: string
  className?: string
}

/** A yes/no the user ticks: ☐ / ☑ before the sentence, the whole box the target; a checkbox to a screen reader. */
export function Checkbox({ checked, onChange, children, label, disabled = false, id, className }: CheckboxProps) {
  const classes = ['ty-choice', checked ? 'ty-choice--on' : '', disabled ? 'ty-choice--off' : '', className ?? '']
  return (
    <View id={id} className={classes.filter(Boolean).join(' ')} onClick={() => !disabled && onChange(!checked)} {...a11yProps({ role: 'checkbox', checked, disabled, label })}>
      <View className='ty-choice__body'>
        <Text className='ty-choice__mark ty-text' {...a11yProps({ hidden: true })}>
          {checked ? '☑' : '☐'}
        </Text>
        <View className='ty-choice__content'>{children}</View>
      </View>
    </View>
  )
}
