import { useState, type ReactNode } from 'react'
import { Button, Text } from '@tarojs/components'
import { a11yProps } from '../a11y'
import { TapGuard } from './tap-guard'
import './index.scss'

export { TapGuard, type TapGuardState } from './tap-guard'

export type BigButtonVariant = 'primary' | 'secondary' | 'danger'

export interface BigButtonProps {
  children: ReactNode
  /** May return a promise: taps are refused until it settles (no double submit). */
  onClick?: () => unknown
  variant?: BigButtonVariant
  /** Shows a spinner and refuses taps. */
  loading?: boolean
  disabled?: boolean
  /** Full width (default) or as wide as its text. */
  block?: boolean
  /** 'submit' inside a Taro <Form>. */
  formType?: 'submit' | 'reset'
  id?: string
  className?: string
  /** What a screen reader says when the words on the button are not enough ('删除 苹果'). */
  ariaLabel?: string
}

/** A large button: at least 88rpx tall, text wraps, one tap one action. */
export function BigButton({ children, onClick, variant = 'primary', loading = false, disabled = false, block = true, formType, id, className, ariaLabel }: BigButtonProps) {
  const [guard] = useState(() => new TapGuard())
  const [busy, setBusy] = useState(false)
  const showLoading = loading || busy

  const handleClick = (): void => {
    const ran = guard.tap(onClick, { loading: showLoading, disabled }, () => setBusy(false))
    if (ran && guard.busy) setBusy(true)
  }

  const classes = ['ty-btn', `ty-btn--${variant}`, block ? 'ty-btn--block' : '', disabled ? 'ty-btn--disabled' : '', showLoading ? 'ty-btn--loading' : '', className ?? '']
  return (
    // `|| undefined`: on H5 a false attribute is still rendered (disabled="false") and Taro's
    // taro-button-core[disabled] style then greys the text out.
    <Button
      id={id}
      className={classes.filter(Boolean).join(' ')}
      loading={showLoading || undefined}
      disabled={disabled || undefined}
      formType={formType}
      onClick={handleClick}
      // Taro's H5 button is a custom element a browser does not know as a button: say so (and
      // take keyboard focus); WeChat's native button is one already and reads the same words.
      {...a11yProps({ role: 'button', label: ariaLabel, disabled: disabled || showLoading })}
    >
      {/* The label in its own element: with a bare string child React sets the button's
          textContent, which on H5 wipes the spinner taro-button-core inserts for `loading` and
          its next render throws (insertBefore: not a child of this node). */}
      <Text className='ty-btn__label'>{children}</Text>
    </Button>
  )
}
