import { createSdk, createStore, defaultPlatform } from '@tianyuan/sdk'

/**
 * The app's one SDK, made once at module level: the request client (cache, retries, offline
 * queue for consultation messages, Idempotency-Keys), WeChat login and payments, with storage
 * under `ty:clinic:`. API_BASE is '' on H5 (the API shares the origin) and the https origin on weapp.
 */
export const sdk = createSdk({ platform: defaultPlatform, baseUrl: `${API_BASE}/api`, namespace: 'clinic' })

/** This app's own storage (booking drafts), beside the SDK's cache, auth and payment keys. */
export const clinicStore = createStore(defaultPlatform, 'clinic')
