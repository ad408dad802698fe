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
