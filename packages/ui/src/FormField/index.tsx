import { useState } from 'react'
import { Input, Text, Textarea, View } from '@tarojs/components'
import { validateField, type FieldRules } from './validate'
import { a11yProps, fieldA11yProps } from '../a11y'
import './index.scss'

export { validateField, type FieldRules } from './validate'

export interface FormFieldProps {
  /** What to fill in, shown above the field: '收货人'. Also used in the messages ('请填写收货人'). */
  label: string
  value: string
  onChange: (value: string) => void
  rules?: FieldRules
  /** Must be filled in: shows （必填） after the label, tells a screen reader, and checks it (same as `rules.required`). */
  required?: boolean
  /** A message from outside (e.g. the server said the phone number is taken); wins over the rules. */
  error?: string
  /** Show the rule messages before the user has left the field (after a submit attempt). */
  showErrors?: boolean
  placeholder?: string
  /** A line of help under the label: '写村名和门牌号，方便送货'. */
  hint?: string
  type?: 'text' | 'number' | 'digit' | 'idcard'
  /** A multi-line field that grows with its text. */
  multiline?: boolean
  maxLength?: number
  disabled?: boolean
  /** The id of the input; the message gets `<id>-error`. */
  id?: string
  className?: string
}

/**
 * A labelled input or textarea with its validation message under it, in zh-CN. The message
 * appears once the user has left the field (or `showErrors` after a submit attempt), and
 * goes as soon as the value is right.
 */
export function FormField({ label, value, onChange, rules: ownRules, required = false, error, showErrors = false, placeholder, hint, type = 'text', multiline = false, maxLength, disabled, id, className }: FormFieldProps) {
  const rules = required ? { ...ownRules, required: true } : ownRules
  const [touched, setTouched] = useState(false)
  const message = error ?? (touched || showErrors ? validateField(label, value, rules) : undefined)
  const onInput = (e: { detail: { value: string } }): void => onChange(e.detail.value)
  const limit = maxLength ?? rules?.maxLength ?? 140
  const fieldClass = `ty-field__input${multiline ? ' ty-field__input--multi' : ''}${message ? ' ty-field__input--invalid' : ''}`
  // The field's name for a screen reader: its label (+ 必填), then the message when there is one.
  const fieldA11y = fieldA11yProps([label, rules?.required ? '必填' : '', message ?? ''].filter(Boolean).join('，'), { required: rules?.required, invalid: Boolean(message) })
  return (
    <View className={`ty-field ${className ?? ''}`.trim()}>
      <Text className='ty-field__label'>
        {label}
        {rules?.required && <Text className='ty-field__required'>（必填）</Text>}
      </Text>
      {hint && <Text className='ty-field__hint'>{hint}</Text>}
      {multiline ? (
        <Textarea id={id} className={fieldClass} value={value} placeholder={placeholder} maxlength={limit} disabled={disabled} autoHeight onInput={onInput} onBlur={() => setTouched(true)} {...fieldA11y} />
      ) : (
        <Input id={id} className={fieldClass} value={value} placeholder={placeholder} type={type} maxlength={limit} disabled={disabled} onInput={onInput} onBlur={() => setTouched(true)} {...fieldA11y} />
      )}
      {message && (
        <Text id={id ? `${id}-error` : undefined} className='ty-field__error' {...a11yProps({ role: 'alert' })}>
          {message}
        </Text>
      )}
    </View>
  )
}
