import { createAuth, type Auth } from './auth/auth'
import { createLazyPayments } from './payment/lazy-payments'
import { createPayments, type Payments, type PaymentsOptions } from './payment/payment'
import type { Platform } from './platform/types'
import { createApiClient, type ApiClient, type ApiClientOptions } from './request/client'
import { createStore } from './storage/store'

export interface SdkOptions extends Omit<ApiClientOptions, 'authHeaders' | 'onUnauthorized'> {
  /** Payment confirmation tuning (tests shorten it). */
  payments?: Pick<PaymentsOptions, 'confirmDeadlineMs' | 'pollDelaysMs'>
  /** Logins tried, each with a fresh code, on a network or server failure. Default 3. */
  loginAttempts?: number
}

/** One app's SDK: the platform, the API client, auth and payments, wired together. */
export interface Sdk {
  platform: Platform
  api: ApiClient
  auth: Auth
  payments: Payments
  dispose(): void
}

/**
 * Wires the request client to auth (its token on every request; one silent login on a 401)
 * and payments to both. Storage lives under `ty:<namespace>:` (auth under `…:auth:`,
 * payments under `…:pay:`), apart from the other apps' on a shared H5 origin.
 */
export function createSdk(options: SdkOptions): Sdk {
  const { payments: paymentOptions, loginAttempts, ...clientOptions } = options
  const store = createStore(options.platform, options.namespace)
  // The client and auth need each other: the closures read `auth` only once a request runs.
  const api: ApiClient = createApiClient({
    ...clientOptions,
    authHeaders: () => auth.authHeaders(),
    onUnauthorized: (sent) => auth.onUnauthorized(sent),
  })
  const auth = createAuth({ platform: options.platform, api, store: store.scope('auth'), loginAttempts })
  const paymentsOptions: PaymentsOptions = { platform: options.platform, api, store: store.scope('pay'), ...paymentOptions }
  // Weapp: in the main package as before (a mini-program has no script to fetch later). Elsewhere
  // (H5, tests) payment.ts is its own chunk, loaded once there is a payment to make or settle:
  // the first screen never pays (lazy-payments.ts).
  const payments = process.env.TARO_ENV === 'weapp' ? createPayments(paymentsOptions) : createLazyPayments(paymentsOptions, () => import('./payment/payment'))
  return {
    platform: options.platform,
    api,
    auth,
    payments,
    dispose() {
      payments.dispose()
      api.dispose()
    },
  }
}
