// @tianyuan/sdk/subscribe: one-time subscriptions to WeChat subscribe messages (服务通知). An entry
// of its own: only the pages where a user books, orders, borrows or asks (subpackages) ask, so no
// main package carries it (tools/size counts the SDK's bytes there per app).
export { subscriptionsOf, TEMPLATES_MAX_AGE_MS, type AskResult, type RememberedAnswer, type SubscribeContext, type Subscriptions } from './subscribe/subscriptions'
export { useSubscriptions } from './subscribe/use-subscriptions'
export type { ReminderKey } from '@tianyuan/contracts/subscribe-rules'
export type { SubscribeAnswer, SubscribeSheetResult } from './platform/types'
