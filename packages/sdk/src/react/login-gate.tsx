import { Button, Text, View } from '@tarojs/components'
import type { CSSProperties, ReactNode } from 'react'
import type { Auth } from '../auth/auth'
import { useAuth } from './use-auth'

export interface LoginGateProps {
  children?: ReactNode
  /** Defaults to the SdkProvider's. */
  auth?: Auth
  /** What the page is for, shown above the button, e.g. '登录后就能下单'. */
  reason?: string
}

const BOX: CSSProperties = { padding: '32px 20px', fontSize: '20px', lineHeight: 1.5, textAlign: 'center' }
const LINE: CSSProperties = { display: 'block', marginBottom: '16px' }
/** Big enough for an older thumb: 56 px high, 20 px text. */
const BIG_BUTTON: CSSProperties = { fontSize: '20px', lineHeight: '56px', background: '#07c160', color: '#fff' }

/**
 * Shows `children` once the user is logged in; otherwise a 微信一键登录 button, and after a
 * failure the reason (the server's zh-CN message) and 重试.
 */
export function LoginGate({ children, auth, reason = '登录后才能使用这个功能' }: LoginGateProps) {
  const { status, error, login } = useAuth(auth)
  if (status === 'signed_in') return <>{children}</>
  if (status === 'loading') return <View style={BOX} />
  const busy = status === 'logging_in'
  return (
    <View style={BOX}>
      <Text style={LINE}>{reason}</Text>
      {error && !busy ? <Text style={{ ...LINE, color: '#c0392b' }}>{error.userMessage}</Text> : null}
      <Button style={BIG_BUTTON} loading={busy} disabled={busy} onClick={() => void login()}>
        {busy ? '正在登录…' : error ? '重试' : '微信一键登录'}
      </Button>
    </View>
  )
}
