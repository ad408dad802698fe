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

/** 20 px scaled by the font-size preference (--ty-fs, as in @tianyuan/ui). */
const FONT = 'calc(20px*var(--ty-fs,1))'
const BOX: CSSProperties = { padding: '32px 20px', fontSize: FONT, lineHeight: 1.5, textAlign: 'center' }
const LINE: CSSProperties = { display: 'block', marginBottom: '16px' }
/** Big enough for an older thumb: 56 px high, 20 px (scaled) text. */
const BIG_BUTTON: CSSProperties = { fontSize: FONT, lineHeight: '56px', background: '#07c160', color: '#fff' }

/**
 * Shows `children` once the user is logged in; otherwise a 微信一键登录 button, and after a
 * failure the reason (the server's zh-CN message) and 重试.
 */
export function LoginGate({ children, auth, reason = '登录后才能使用这个功能' }: LoginGateProps) {
  const { status, error, login } = useAuth(auth)
  if (status === 'signed_in') return children
  if (status === 'loading') return <View style={BOX} />
  const busy = status === 'logging_in'
  return (
    <View style={BOX}>
      <Text style={LINE}>{reason}</Text>
      {error && !busy && <Text style={{ ...LINE, color: '#c0392b' }}>{error.userMessage}</Text>}
      <Button style={BIG_BUTTON} loading={busy} disabled={busy} onClick={login}>
        {/* The label in its own element: a bare string makes React set the button's textContent,
            which on H5 wipes taro-button-core's `loading` spinner and its next render throws
            (insertBefore: not a child of this node). */}
        <Text>{busy ? '正在登录…' : error ? '重试' : '微信一键登录'}</Text>
      </Button>
    </View>
  )
}
