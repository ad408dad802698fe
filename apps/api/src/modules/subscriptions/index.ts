// WeChat subscribe messages (服务通知): the answers the apps report, and the reminders other modules
// send through `sendReminder` (the reminders module, from scheduler jobs). See README § Subscriptions.
export { subscriptionRoutes } from './routes'
export {
  consoleTemplates,
  createSubscriptions,
  RetryableSendError,
  type SendReminderInput,
  type SendReminderResult,
  type SubscriptionsDeps,
  type SubscriptionsService,
} from './service'
export { subscriptionsDb, type SubscriptionTables, type SubscriptionsDb } from './schema'
