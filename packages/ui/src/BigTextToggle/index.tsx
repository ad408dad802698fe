import { useFontScale } from '../FontScaleProvider'
import { BigButton, type BigButtonVariant } from '../BigButton'

export const BIG_TEXT_ON = '大字模式：已打开'
export const BIG_TEXT_OFF = '大字模式：已关闭'

export interface BigTextToggleProps {
  id?: string
  className?: string
  /** Default: primary while on, secondary while off. */
  variant?: BigButtonVariant
  /** Full width (default) or as wide as its words. */
  block?: boolean
}

/** Turns the app's 大字 mode on and off; the label says the current state. */
export function BigTextToggle({ id, className, variant, block }: BigTextToggleProps) {
  const { big, toggleBig } = useFontScale()
  return (
    <BigButton id={id} className={className} variant={variant ?? (big ? 'primary' : 'secondary')} block={block} onClick={toggleBig}>
      {big ? BIG_TEXT_ON : BIG_TEXT_OFF}
    </BigButton>
  )
}
