import { Text, View } from '@tarojs/components'
import { useAuth } from '@tianyuan/sdk/react'
import { BigButton, Skeleton } from '@tianyuan/ui'
import type { ReactNode } from 'react'

/**
 * Shows `children` once signed in; otherwise why to sign in, the server's message after a
 * failure, and one big 微信一键登录 button. The SDK's LoginGate now does the same safely on H5
 * (label in its own element, text scaled by --ty-fs), but it is kept here because the app needs
 * what LoginGate does not offer without costing SDK bytes: the ids the simulator and browser
 * journeys tap (#sign-in, #sign-in-button), the app's card and text classes (大字 mode),
 * BigButton's one-tap guard, and a Skeleton rather than a blank box while the session is read.
 */
export function SignInGate({ reason, children }: { reason: string; children: ReactNode }) {
  const { status, error, login } = useAuth()
  if (status === 'signed_in') return <>{children}</>
  if (status === 'loading') return <Skeleton lines={2} />
  const busy = status === 'logging_in'
  return (
    <View className='mk-card' id='sign-in'>
      <Text className='mk-text'>{reason}</Text>
      {error && !busy ? <Text className='mk-warn'>{error.userMessage}</Text> : null}
      <BigButton id='sign-in-button' loading={busy} onClick={() => login()}>
        {busy ? '正在登录…' : error ? '重试' : '微信一键登录'}
      </BigButton>
    </View>
  )
}
