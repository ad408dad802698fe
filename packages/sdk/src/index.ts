// The public face of @tianyuan/sdk: nothing else is imported from outside the package.
export type * from './platform/types'
export { TransferFailure } from './platform/types'
export { taroPlatform, toNetworkType } from './platform/taro'

export { SdkError, isSdkError, type SdkErrorCode } from './errors/sdk-error'

export { readNetworkState, watchNetworkState, describeNetworkState, type NetworkState } from './network/network-state'
export { classifyLink, type LinkClass } from './network/link-class'
export { createNetworkMonitor, type NetworkMonitor } from './network/network-monitor'

export { createStore, MAX_ENTRY_BYTES, type KeyValueStore, type StoreEntry } from './storage/store'

export {
  createApiClient,
  buildUrl,
  DEFAULT_ATTEMPT_TIMEOUT_MS,
  DEFAULT_DEADLINE_MS,
  type ApiClient,
  type ApiClientOptions,
  type ApiResponse,
  type MutationOptions,
  type Query,
  type RequestOptions,
} from './request/client'
export { createCanceller, type CancelSignal } from './request/cancel'
export { DEFAULT_RETRY_POLICY, backoffDelayMs, type RetryPolicy } from './request/retry-policy'
export type { CachedGetOptions, CachedResult } from './request/response-cache'
export type { DoneMutation, FailedMutation, MutationResult, OfflineQueue, QueueChange, QueuedMutation } from './request/offline-queue'
export type { ServerErrorBody } from './request/response-errors'

export {
  chooseImageVariant,
  pickImageVariant,
  estimateImageBytes,
  snapWidth,
  formatKb,
  IMAGE_POLICY,
  SAVE_DATA_POLICY,
  SNAP_TOLERANCE,
  type ImageFormat,
  type ImagePolicy,
  type ImageVariant,
  type VariantInput,
} from './image/variant'
export { thumbHashPlaceholder, type Placeholder } from './image/placeholder'
export { createDownloadQueue, IMAGE_CONCURRENCY, type DownloadQueue, type DownloadStart } from './image/download-queue'
export { netImageReducer, initialNetImageState, type NetImageEvent, type NetImagePhase, type NetImageState } from './image/net-image-state'
// Photo uploads: `@tianyuan/sdk/upload` (only subpackage pages upload).

export { defaultPlatform } from './platform/default'
export { createAuth, type Auth, type AuthOptions, type AuthState, type AuthStatus, type Session } from './auth/auth'
export {
  createPayments,
  PAY_MESSAGES,
  type CreatePaymentResponse,
  type OpenPayment,
  type OrderRef,
  type Payment,
  type Payments,
  type PaymentsOptions,
  type PaymentStatus,
  type PayOutcome,
  type PayPhase,
  type PayResult,
  type PayState,
} from './payment/payment'
export { createSdk, type Sdk, type SdkOptions } from './sdk'
