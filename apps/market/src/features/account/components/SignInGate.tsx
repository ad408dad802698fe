import { Text, View } from '@tarojs/components'
import { useAuth } from '@tianyuan/sdk/react'
import { BigButton, Skeleton } from '@tianyuan/ui'
import type { ReactNode } from 'react'

/**
 * Shows `children` once signed in; otherwise why to sign in, the server's message after a
 * failure, and one big 微信一键登录 button. The SDK's LoginGate does the same, but (1) its
 * button's label is a bare string next to `loading`, which on H5 throws in taro-button-core
 * (see @tianyuan/ui BigButton's README), and (2) its text is a fixed 20 px that ignores WeChat's
 * font size and 大字 mode. Swap back to LoginGate once it renders through BigButton.
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
