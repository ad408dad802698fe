import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { CreatePaymentRequest, PaymentId, type CreatePaymentResponse, type PaymentResponse } from '@tianyuan/contracts'
import type { AppEnv } from '../../platform/context'
import { requireUser, signedIn } from '../../platform/auth/sessions'
import { AppError, errors } from '../../platform/errors'
import { readJson, readQuery } from '../../platform/validation'
import { NotifyRejected, type PaymentsService } from './service'

const NoQuery = z.strictObject({})

function paymentIdParam(raw: string): string {
  if (!PaymentId.safeParse(raw).success) throw errors.notFound('没有找到这笔付款记录')
  return raw
}

/**
 * WeChat's notification endpoint: verify and apply, then 204. Anything failing a check gets an
 * error status with `{code: 'FAIL', message}` (WeChat's format) and changes nothing; WeChat retries.
 */
async function notification(c: Context<AppEnv>, payments: PaymentsService, expected: 'transaction' | 'refund') {
  const contentType = c.req.header('content-type')
  if (contentType && !/^application\/json\s*(;|$)/i.test(contentType)) return c.json({ code: 'FAIL', message: '请求格式不对' }, 415)
  const rawBody = await c.req.text() // the raw bytes as sent: the signature covers them exactly
  try {
    await payments.handleNotification(c.req.raw.headers, rawBody, expected)
  } catch (error) {
    if (error instanceof NotifyRejected) return c.json({ code: 'FAIL', message: error.message }, error.status)
    c.get('log').error({ err: error }, 'notification processing failed')
    return c.json({ code: 'FAIL', message: '处理失败，请稍后重试' }, 500)
  }
  return c.body(null, 204)
}

export function paymentRoutes(payments: PaymentsService | null) {
  const app = new Hono<AppEnv>()
  if (!payments) {
    // Not configured (an embedding without WeChat Pay settings): say so instead of 404.
    return app.all('*', () => {
      throw new AppError(503, 'PAYMENTS_UNAVAILABLE', '暂时不能在线付款，请稍后再试')
    })
  }
  // No refund endpoint here, on purpose: a payer cannot refund their own payment. Refunds start
  // only from a domain's own decision (market: an approved after-sale, a cancelled order paid too
  // late; clinic: a cancellation under the 2-hour rule), which calls payments.refundPayment.
  return app
    .post('/notify', (c) => notification(c, payments, 'transaction'))
    .post('/refund-notify', (c) => notification(c, payments, 'refund'))
    .post('/', requireUser, async (c) => {
      const body = await readJson(c, CreatePaymentRequest)
      const { userId } = signedIn(c)
      const { created, payment, requestPayment } = await payments.createPayment(userId, body.kind, body.orderId)
      const result: CreatePaymentResponse = { payment, requestPayment }
      return c.json(result, created ? 201 : 200)
    })
    .get('/:id', requireUser, async (c) => {
      readQuery(c, NoQuery)
      const id = paymentIdParam(c.req.param('id'))
      const { userId } = signedIn(c)
      const result: PaymentResponse = { payment: await payments.getPayment(userId, id) }
      return c.json(result)
    })
}
