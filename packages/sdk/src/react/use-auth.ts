import type { User } from '@tianyuan/contracts/types'
import { useCallback, useSyncExternalStore } from 'react'
import type { Auth, AuthState } from '../auth/auth'
import { useSdkPart } from './sdk-context'

export interface AuthView extends AuthState {
  /** Logs in (one flight however many call); a failure lands in `error`, it does not throw. */
  login(): Promise<User | undefined>
  logout(): Promise<void>
  auth: Auth
}

/** The auth state of the SdkProvider's SDK (or of the Auth given), re-rendering on change. */
export function useAuth(given?: Auth): AuthView {
  const auth = useSdkPart(given, 'auth')
  const subscribe = useCallback((onChange: () => void) => auth.subscribe(onChange), [auth])
  const state = useSyncExternalStore(subscribe, () => auth.state)
  const login = useCallback(() => auth.ensureLogin().catch(() => undefined), [auth])
  const logout = useCallback(() => auth.logout(), [auth])
  return { ...state, login, logout, auth }
}
