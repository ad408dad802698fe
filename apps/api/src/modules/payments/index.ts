export { paymentRoutes } from './routes'
export {
  createPaymentsService,
  NotifyRejected,
  type PayableOrder,
  type PayableResolver,
  type PaidEvent,
  type RefundedEvent,
  type PaymentsDeps,
  type PaymentsService,
} from './service'
export {
  heldPayableResolver,
  PAYMENT_GRACE_MS,
  registerHeldPayable,
  startDueRefunds,
  sweepHeldPayable,
  type DueRefund,
  type HeldLifecycleDeps,
  type HeldPayableKind,
  type HeldRecord,
} from './held'
