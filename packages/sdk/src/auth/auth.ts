import type { LoginResponse, MeResponse, UpdateProfileRequest, User } from '@tianyuan/contracts/types'
import { isSdkError, SdkError, USER_MESSAGES } from '../errors/sdk-error'
import type { Platform } from '../platform/types'
import type { ApiClient } from '../request/client'
import type { MutationResult } from '../request/offline-queue'
import type { KeyValueStore } from '../storage/store'

/** What is kept on the phone, so a restart needs no new login. */
export interface Session {
  token: string
  expiresAt: string
  user: User
}

export type AuthStatus = 'loading' | 'signed_out' | 'logging_in' | 'signed_in'

/** Replaced (never mutated) on every change, so it is a valid React snapshot. */
export interface AuthState {
  status: AuthStatus
  user?: User
  /** Why the last login failed (its userMessage is the server's zh-CN one). */
  error?: SdkError
}

export interface AuthOptions {
  platform: Platform
  /** Its paths are the API's below `/api`: '/auth/login', '/me'. */
  api: ApiClient
  /** Where the session is kept, e.g. `createStore(platform, 'market').scope('auth')`. */
  store: KeyValueStore
  /** Logins tried (each with a fresh code) when the network or the API fails. Default 3. */
  loginAttempts?: number
}

export interface Auth {
  /** Resolves once the stored session has been read. */
  readonly ready: Promise<void>
  readonly state: AuthState
  subscribe(listener: (state: AuthState) => void): () => void
  /** The user, logging in first if needed. Many callers at once share one login. */
  ensureLogin(): Promise<User>
  /** For createApiClient's `authHeaders`. */
  authHeaders(): Record<string, string> | undefined
  /**
   * For createApiClient's (and uploadPhoto's) `onUnauthorized`: one silent login, then the
   * request is resent. Given the refused attempt's headers, a session another request has
   * renewed meanwhile is not renewed again.
   */
  onUnauthorized(sent?: { headers: Record<string, string> }): Promise<boolean>
  /** Ends the session here and on the server (best effort: offline it just ends here). */
  logout(): Promise<void>
  /** Reads the user afresh (GET /me). */
  refreshUser(): Promise<User>
  /** PATCH /me; queued when offline and applied when the server has it. */
  updateProfile(change: UpdateProfileRequest): Promise<MutationResult<MeResponse>>
  /** POST /me/phone with a `getPhoneNumber` button's code. */
  bindPhone(code: string): Promise<User>
}

const SESSION_KEY = 'session'
/** Waits between login attempts: the code is spent, so each attempt asks for a new one. */
const LOGIN_RETRY_MS = [1000, 3000]

const bearer = (token: string) => `Bearer ${token}`

export function createAuth({ platform, api, store, loginAttempts = 3 }: AuthOptions): Auth {
  let session: Session | undefined
  let state: AuthState = { status: 'loading' }
  let flight: Promise<Session> | undefined
  let loggingOut: string | undefined
  const listeners = new Set<(state: AuthState) => void>()

  const setState = (next: AuthState) => {
    state = next
    for (const listener of [...listeners]) listener(next)
  }
  const keep = async (next: Session | undefined) => {
    session = next
    // A session that cannot be stored still works until the app closes.
    await (next ? store.set(SESSION_KEY, next) : store.remove(SESSION_KEY)).catch(() => {})
  }

  const ready = store.get<Session>(SESSION_KEY).then(
    (stored) => {
      // A login that finished first is newer than what was stored.
      if (session || flight) return
      session = stored && typeof stored.token === 'string' ? stored : undefined
      setState(session ? { status: 'signed_in', user: session.user } : { status: 'signed_out' })
    },
    () => setState({ status: 'signed_out' }),
  )

  async function exchangeCode(): Promise<Session> {
    for (let attempt = 1; ; attempt++) {
      let code: string
      try {
        ;({ code } = await platform.login())
      } catch (cause) {
        throw isSdkError(cause) ? cause : new SdkError({ code: 'login_failed', userMessage: USER_MESSAGES.login_failed, message: `wx.login: ${String((cause as { errMsg?: string })?.errMsg ?? cause)}`, cause })
      }
      try {
        // A login is not idempotent (the code is single use): one attempt per code.
        return await api.request<LoginResponse>({ method: 'POST', path: '/auth/login', body: { code }, retry: false })
      } catch (error) {
        const again = isSdkError(error) && ['network', 'timeout', 'server'].includes(error.code)
        if (!again || attempt >= loginAttempts) throw error
        await new Promise((resolve) => setTimeout(resolve, LOGIN_RETRY_MS[attempt - 1] ?? 3000))
      }
    }
  }

  function login(): Promise<Session> {
    flight ??= (async () => {
      setState({ status: 'logging_in', user: state.user })
      try {
        const fresh = await exchangeCode()
        const next: Session = { token: fresh.token, expiresAt: fresh.expiresAt, user: fresh.user }
        await keep(next)
        setState({ status: 'signed_in', user: next.user })
        return next
      } catch (error) {
        // exchangeCode throws only SdkErrors.
        setState({ status: 'signed_out', error: error as SdkError })
        throw error
      }
    })().finally(() => {
      flight = undefined
    })
    return flight
  }

  const setUser = async (user: User) => {
    if (!session) return
    await keep({ ...session, user })
    setState({ status: 'signed_in', user })
  }

  // A profile change that waited in the offline queue lands later: show it then.
  api.queue.subscribe((change) => {
    if (change.kind === 'sent' && change.entry.path === '/me' && change.entry.method === 'PATCH') {
      const user = (change.data as Partial<MeResponse> | undefined)?.user
      if (user) void setUser(user)
    }
  })

  return {
    ready,
    get state() {
      return state
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async ensureLogin() {
      await ready
      if (session) return session.user
      return (await login()).user
    },
    authHeaders: () => (session ? { authorization: bearer(session.token) } : undefined),
    async onUnauthorized(refused) {
      const sent = refused ? refused.headers.authorization : session && bearer(session.token)
      // Logging out a session that had already lapsed: nothing to renew.
      if (loggingOut && sent === bearer(loggingOut)) return false
      // Another request renewed the session since this one was sent: just resend.
      if (session && sent !== bearer(session.token)) return true
      if (!flight) await keep(undefined)
      await login()
      return true
    },
    async logout() {
      await ready
      const ending = session
      if (ending) {
        loggingOut = ending.token
        try {
          await api.request({ method: 'POST', path: '/auth/logout', headers: { authorization: bearer(ending.token) }, retry: false })
        } catch {
          // Offline or already expired: the session ends here; the server's lapses on its own.
        } finally {
          loggingOut = undefined
        }
      }
      await keep(undefined)
      // The next person on this phone must not see this one's data.
      await api.clearCache().catch(() => {})
      setState({ status: 'signed_out' })
    },
    async refreshUser() {
      const { user } = await api.get<MeResponse>('/me')
      await setUser(user)
      return user
    },
    async updateProfile(change) {
      const result = await api.mutate<MeResponse>({ method: 'PATCH', path: '/me', body: change, queueable: true, label: '修改资料' })
      if (result.status === 'done') await setUser(result.data.user)
      return result
    },
    async bindPhone(code) {
      // Sent now, not queued: it answers or throws (an offline phone hears so from the client).
      const result = await api.mutate<MeResponse>({ method: 'POST', path: '/me/phone', body: { code } })
      await setUser(result.data.user)
      return result.data.user
    },
  }
}
