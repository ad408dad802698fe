import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { BigButton } from '../BigButton'
import './index.scss'

export interface EmptyStateProps {
  /** What happened, plainly: '还没有订单'. */
  title: string
  /** What to do about it: '去首页看看附近村子的新鲜农产品'. */
  description?: string
  /** The button that does it: '去逛逛'. Needs onAction. */
  actionText?: string
  onAction?: () => unknown
  /** A picture or icon above the title. */
  icon?: ReactNode
  id?: string
  className?: string
}

/** An empty list or page: what happened, what to do, and a button to do it. */
export function EmptyState({ title, description, actionText, onAction, icon, id, className }: EmptyStateProps) {
  return (
    <View id={id} className={`ty-empty ${className ?? ''}`.trim()}>
      {icon}
      <Text className='ty-empty__title'>{title}</Text>
      {description && <Text className='ty-empty__desc'>{description}</Text>}
      {actionText && onAction && (
        <BigButton className='ty-empty__action' onClick={onAction}>
          {actionText}
        </BigButton>
      )}
    </View>
  )
}
