import { Text, View } from '@tarojs/components'
import { BigButton } from '../BigButton'
import { userMessageOf } from './message'
import './index.scss'

export { DEFAULT_ERROR_MESSAGE, userMessageOf } from './message'

export interface ErrorStateProps {
  /** The failure; its zh-CN `userMessage` (SdkError) is shown when it has one. */
  error?: unknown
  /** Shown instead of the error's own message. */
  message?: string
  /** Called by 重试; may return a promise (the button shows loading and refuses a second tap). */
  onRetry?: () => unknown
  retryText?: string
  id?: string
  className?: string
}

/** Something failed to load: a plain zh-CN message and a 重试 button. */
export function ErrorState({ error, message, onRetry, retryText = '重试', id, className }: ErrorStateProps) {
  return (
    <View id={id} className={`ty-error ${className ?? ''}`.trim()}>
      <Text className='ty-error__message'>{message ?? userMessageOf(error)}</Text>
      {onRetry && (
        <BigButton className='ty-error__retry' variant='secondary' onClick={onRetry}>
          {retryText}
        </BigButton>
      )}
    </View>
  )
}
