import { createSdk, createStore, defaultPlatform } from '@tianyuan/sdk'

/**
 * The app's one SDK, made once at module level: the request client (cache, retries, offline
 * queue, Idempotency-Keys), WeChat login and payments, with storage under `ty:microloan:`.
 * API_BASE is '' on H5 (the API shares the origin) and the https origin on weapp.
 */
export const sdk = createSdk({ platform: defaultPlatform, baseUrl: `${API_BASE}/api`, namespace: 'microloan' })

/** This app's own storage (application drafts), beside the SDK's cache, auth and payment keys. */
export const loanStore = createStore(defaultPlatform, 'microloan')
