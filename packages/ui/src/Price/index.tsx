import { Text } from '@tarojs/components'
import { formatPrice, type PriceNotation } from './format'
import './index.scss'

export * from './format'

export interface PriceProps {
  /** The amount in fen (integer, not negative): 1250 is ¥12.50. */
  fen: number
  /** '斤', 'kg', '箱' … → ¥12.50/斤 */
  unit?: string
  /** 'symbol' → ¥12.50 (default); 'yuan' → 12.50元 */
  notation?: PriceNotation
  /** 'normal' (default) or 'large' for the price on a product page. */
  size?: 'normal' | 'large'
  /** A struck-through old price. */
  original?: boolean
  id?: string
  className?: string
}

/** A price from integer fen. A negative or fractional amount throws: it is a bug upstream. */
export function Price({ fen, unit, notation, size = 'normal', original = false, id, className }: PriceProps) {
  const classes = ['ty-price', `ty-price--${size}`, original ? 'ty-price--original' : '', className ?? '']
  return (
    <Text id={id} className={classes.filter(Boolean).join(' ')}>
      {formatPrice(fen, { notation, unit })}
    </Text>
  )
}
