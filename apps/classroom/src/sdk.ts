import { createSdk, createStore, defaultPlatform } from '@tianyuan/sdk'

/**
 * The app's one SDK, made once at module level: the request client (cache, retries, offline
 * queue for progress, Idempotency-Keys), WeChat login and payments, with storage under
 * `ty:classroom:`. API_BASE is '' on H5 (the API shares the origin) and the https origin on weapp.
 */
export const sdk = createSdk({ platform: defaultPlatform, baseUrl: `${API_BASE}/api`, namespace: 'classroom' })

/** This app's own storage (progress kept on the phone first, downloads' records), beside the SDK's cache, auth and payment keys. */
export const classroomStore = createStore(defaultPlatform, 'classroom')
