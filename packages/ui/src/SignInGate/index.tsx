import { Text, View } from '@tarojs/components'
import { useAuth } from '@tianyuan/sdk/react'
import type { ReactNode } from 'react'
import { BigButton } from '../BigButton'
import { Skeleton } from '../Skeleton'
import './index.scss'

export interface SignInGateProps {
  /** Why to sign in, in the user's words: '登录微信后就能预约'. */
  reason: string
  /** Shown once signed in. */
  children?: ReactNode
  className?: string
}

/**
 * Shows `children` once signed in; until then why to sign in, the server's zh-CN message after
 * a failure, and one big 微信一键登录 (then 重试) button.
 *
 * The apps' one sign-in screen (the SDK's own LoginGate was dropped): it gives the ids the
 * simulator and browser journeys tap (#sign-in, #sign-in-button),
 * BigButton's one-tap guard, classes that follow 大字 mode, and a Skeleton rather than a blank
 * box while the stored session is read (a signed-in user should not see a login button flash).
 */
export function SignInGate({ reason, children, className }: SignInGateProps) {
  const { status, error, login } = useAuth()
  if (status === 'signed_in') return <>{children}</>
  if (status === 'loading') return <Skeleton lines={2} />
  const busy = status === 'logging_in'
  return (
    <View id='sign-in' className={`ty-signin ${className ?? ''}`.trim()}>
      <Text className='ty-signin__reason'>{reason}</Text>
      {/* Hidden while a retry runs: the old failure is not the news any more. */}
      {error && !busy ? <Text className='ty-signin__error'>{error.userMessage}</Text> : null}
      <BigButton id='sign-in-button' loading={busy} onClick={login}>
        {busy ? '正在登录…' : error ? '重试' : '微信一键登录'}
      </BigButton>
    </View>
  )
}
