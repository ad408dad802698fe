// Delivers payment, refund and transfer results to the merchant's notify_url the way WeChat Pay v3
// does: a signed envelope with an encrypted resource, retried on WeChat's schedule until the
// merchant answers 200/204 within the deadline.
import crypto from 'node:crypto'
import type { Timers } from './clock'
import { aesGcmEncrypt, randomString, sign } from './crypto'
import type { SandboxKeys } from './keys'
import { rfc3339Cst } from './time'

/** Seconds between WeChat's attempts after each failure: 15 retries after the first delivery. */
export const WECHAT_RETRY_SCHEDULE_SECONDS: readonly number[] = [
  15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600,
]

export type NotificationEvent = 'TRANSACTION.SUCCESS' | 'REFUND.SUCCESS' | 'REFUND.ABNORMAL' | 'REFUND.CLOSED' | 'MCHTRANSFER.BILL.FINISHED'

export interface DeliveryAttempt {
  notificationId: string
  eventType: NotificationEvent
  url: string
  /** 1 for the first delivery. */
  attempt: number
  /** Sandbox clock, ms, when the attempt started. */
  at: number
  delivered: boolean
  /** 'HTTP 200', 'HTTP 500', 'timeout after 5000 ms', 'network error: …' */
  detail: string
  /** When the next attempt is due, or null (delivered, given up, or stopped). */
  nextAttemptAt: number | null
}

export interface NotifierOptions {
  keys: SandboxKeys
  now: () => number
  timers: Timers
  fetch: typeof fetch
  /** Multiplies every retry interval; 1 is WeChat's real schedule. */
  retryFactor: number
  /** An answer slower than this counts as a failure. WeChat: 5 s. */
  responseTimeoutMs: number
}

export class Notifier {
  private closed = false
  private readonly log: DeliveryAttempt[] = []
  private readonly listeners = new Set<(a: DeliveryAttempt) => void>()
  private readonly timers = new Set<unknown>()
  private readonly inFlight = new Set<{ controller: AbortController; done: Promise<void> }>()

  constructor(private readonly o: NotifierOptions) {}

  /** Encrypts `resource` into a v3 envelope and starts delivering it to `url`. */
  send(url: string, eventType: NotificationEvent, summary: string, originalType: 'transaction' | 'refund' | 'mch_payment', resource: object): string {
    const id = crypto.randomUUID()
    const nonce = randomString(12)
    const associatedData = originalType
    const body = JSON.stringify({
      id,
      create_time: rfc3339Cst(this.o.now()),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary,
      resource: {
        original_type: originalType,
        algorithm: 'AEAD_AES_256_GCM',
        ciphertext: aesGcmEncrypt(this.o.keys.apiV3Key, nonce, associatedData, JSON.stringify(resource)),
        associated_data: associatedData,
        nonce,
      },
    })
    if (!this.closed) void this.attempt({ id, url, eventType, body }, 1)
    return id
  }

  attempts(): DeliveryAttempt[] {
    return this.log.map((a) => ({ ...a }))
  }

  onAttempt(listener: (a: DeliveryAttempt) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Stops the delivery loop: no further attempts; attempts in flight are aborted and awaited. */
  async close(): Promise<void> {
    this.closed = true
    for (const t of this.timers) this.o.timers.clearTimeout(t)
    this.timers.clear()
    const pending = [...this.inFlight]
    for (const f of pending) f.controller.abort()
    await Promise.all(pending.map((f) => f.done))
  }

  private async attempt(n: { id: string; url: string; eventType: NotificationEvent; body: string }, attempt: number): Promise<void> {
    if (this.closed) return
    const at = this.o.now()
    const timestamp = String(Math.floor(at / 1000))
    const nonce = randomString(32)
    const signature = sign(this.o.keys.platformPrivateKey, `${timestamp}\n${nonce}\n${n.body}\n`)
    const controller = new AbortController()
    let timedOut = false
    const deadline = this.o.timers.setTimeout(() => {
      timedOut = true
      controller.abort()
    }, this.o.responseTimeoutMs)
    let settle!: () => void
    const entry = { controller, done: new Promise<void>((r) => (settle = r)) }
    this.inFlight.add(entry)
    let delivered = false
    let detail: string
    try {
      const res = await this.o.fetch(n.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Mozilla/4.0 (WeChat Pay sandbox)',
          'Wechatpay-Timestamp': timestamp,
          'Wechatpay-Nonce': nonce,
          'Wechatpay-Signature': signature,
          'Wechatpay-Serial': this.o.keys.platformSerial,
          'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
        },
        body: n.body,
        signal: controller.signal,
      })
      await res.arrayBuffer() // the whole answer must arrive within the deadline
      delivered = res.status === 200 || res.status === 204
      detail = `HTTP ${res.status}`
    } catch (e) {
      detail = timedOut ? `timeout after ${this.o.responseTimeoutMs} ms` : `network error: ${(e as Error).message}`
    } finally {
      this.o.timers.clearTimeout(deadline)
      this.inFlight.delete(entry)
      settle()
    }
    let nextAttemptAt: number | null = null
    const wait = WECHAT_RETRY_SCHEDULE_SECONDS[attempt - 1]
    if (!delivered && !this.closed && wait !== undefined) {
      const delay = wait * 1000 * this.o.retryFactor
      nextAttemptAt = this.o.now() + delay
      const t = this.o.timers.setTimeout(() => {
        this.timers.delete(t)
        void this.attempt(n, attempt + 1)
      }, delay)
      this.timers.add(t)
    }
    const record: DeliveryAttempt = { notificationId: n.id, eventType: n.eventType, url: n.url, attempt, at, delivered, detail, nextAttemptAt }
    this.log.push(record)
    for (const l of this.listeners) l({ ...record })
  }
}
