import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../platform/db'
import { AppError } from '../../platform/errors'
import type { Logger } from '../../platform/logging'
import type { PaidEvent, PayableResolver, PaymentsService, RefundedEvent } from './service'

/**
 * The held-then-paid lifecycle: one copy for every payable kind whose record sets something aside
 * while it waits for money — a market order its stock, a clinic appointment its place, and next a
 * course purchase its seat or a loan repayment its instalment.
 *
 *   held ──pay (WeChat's word, onPaid)──────────────────────────────▶ paid
 *    │  the hold lasts until holdExpiresAt; starting a payment stretches it to outlive the
 *    │  payment (its timeout + PAYMENT_GRACE_MS), so a hold never lapses under a payment
 *    ├─ the payer cancels / the hold ends (sweep: releaseExpiredHolds) ─▶ cancelled (set-aside released)
 *   cancelled ──late payment (a payment in progress went through)──▶ revived (taken again) → paid
 *                                                                 └▶ stays cancelled, full refund due
 *   paid ──the domain decides a refund (after-sale approved, cancelled under its rule)──▶ refund due
 *   refund due ──startDueRefunds: payments.refundPayment, once──▶ WeChat confirms ──▶ markRefunded
 *
 * Who decides what: the domain owns its record and its rules (what a hold is, whether a late payment
 * can be revived, which refunds are due and how much); the payments module owns the money (it asks
 * the domain for the amount, records WeChat's word, and carries out refunds — only the ones a domain
 * reports as due; there is no payer-facing refund). Every step is a conditional update in the
 * domain (exactly once, whatever runs concurrently); onPaid/onRefunded run inside the payments
 * transaction that records the money.
 *
 * A new kind implements HeldPayableKind, registers it once (registerHeldPayable) and calls
 * sweepHeldPayable(...) from its periodic job; its routes call startDueRefunds(... { orderId }) right
 * after a decision so the refund starts at once (the sweep catches what could not start then).
 */

/** A payment may still succeed this long after its own timeout (clock skew, a late notification). */
export const PAYMENT_GRACE_MS = 2 * 60_000

/** A payable record as its domain has it, for the payer. */
export interface HeldRecord {
  /** held: waiting for money with something set aside; paid: paid (or any later step); cancelled: cancelled or refunded. */
  state: 'held' | 'paid' | 'cancelled'
  /** From the domain's own record: the only source of the amount. */
  amountFen: number
  /** Shown in WeChat's payment sheet and the bill. */
  description: string
  /** Epoch ms; read only while held. */
  holdExpiresAt: number
}

/** A refund the domain has decided and that has not gone back yet. */
export interface DueRefund {
  orderId: string
  paymentId: string
  amountFen: number
  /** What the payment had refunded when the decision was read: the refund starts only if that is still so. */
  refundedFen: number
  /** Sent to WeChat (cut to its 80-byte limit by the client) and kept on the refund. */
  reason: string
}

/** What a domain provides for one payable kind. */
export interface HeldPayableKind {
  /** The payments module's kind, e.g. 'market_order'. */
  kind: string
  /** The payer's own record (null: absent or someone else's → 404). */
  read(db: Kysely<Database>, orderId: string, userId: string): Promise<HeldRecord | null>
  /** Keeps a held record's hold until at least `until` (a no-op otherwise). */
  extendHold(db: Kysely<Database>, orderId: string, until: number): Promise<void>
  /** held → paid, exactly once: true if this call moved it. */
  markPaid(tx: Transaction<Database>, orderId: string, paid: PaidEvent): Promise<boolean>
  /**
   * Money arrived for a record no longer held (cancelled while the payment was in progress): take
   * what it needs again and revive it (true), or leave it cancelled with a full refund due (false,
   * and dueRefunds reports it). Must not throw for lack of stock or places.
   */
  reviveLatePayment(tx: Transaction<Database>, orderId: string, paid: PaidEvent): Promise<boolean>
  /** A refund went through (WeChat's word): the domain's 已退款, exactly once; false if nothing moved. */
  markRefunded?(tx: Transaction<Database>, orderId: string, refund: RefundedEvent, at: number): Promise<boolean>
  /** Cancels held records past their hold and releases what they held (the domain's own database handle); how many. */
  releaseExpiredHolds(now: number): Promise<number>
  /** Refunds decided and not yet gone back, whose payment has nothing in progress. */
  dueRefunds(options: { orderId?: string; limit: number }): Promise<DueRefund[]>
}

export interface HeldLifecycleDeps {
  now: () => number
  /** The payments module's timeout for an unpaid payment. */
  paymentTimeoutMs: number
  logger: Logger
}

/** The payments module's resolver for a held kind: the lifecycle's rules around the domain's steps. */
export function heldPayableResolver(held: HeldPayableKind, deps: HeldLifecycleDeps): PayableResolver {
  const { logger } = deps
  const { kind } = held
  return {
    async load(orderId, userId, db) {
      const record = await held.read(db, orderId, userId)
      if (!record) return null
      const { amountFen, description } = record
      if (record.state !== 'held') return { amountFen, description, status: record.state }
      const now = deps.now()
      // The hold has ended (the sweep will release it): too late to pay.
      if (record.holdExpiresAt <= now) return { amountFen, description, status: 'cancelled' }
      await held.extendHold(db, orderId, now + deps.paymentTimeoutMs + PAYMENT_GRACE_MS)
      return { amountFen, description, status: 'unpaid' }
    },
    async onPaid(orderId, tx, paid) {
      if (await held.markPaid(tx, orderId, paid)) return
      if (await held.reviveLatePayment(tx, orderId, paid)) {
        logger.info({ kind, orderId, paymentId: paid.paymentId }, 'paid after it was cancelled: revived')
        return
      }
      // Already paid (a repeat), or cancelled with nothing left to take: the sweep refunds it.
      logger.warn({ kind, orderId, paymentId: paid.paymentId }, 'paid but not awaiting payment: a full refund is due')
    },
    async onRefunded(orderId, tx, refund) {
      if (!held.markRefunded) return
      const moved = await held.markRefunded(tx, orderId, refund, deps.now())
      if (!moved) logger.info({ kind, orderId, refundId: refund.refundId }, 'refund recorded; the record did not change')
    },
  }
}

/** Registers a held kind with the payments module (once per payments service). */
export function registerHeldPayable(payments: PaymentsService, held: HeldPayableKind, deps: HeldLifecycleDeps): void {
  if (!payments.hasPayable(held.kind)) payments.registerPayable(held.kind, heldPayableResolver(held, deps))
}

/**
 * Starts the refunds a domain reports as due, each once: refundPayment with `whenRefundedFen`, so
 * two sweeps (or a route and a sweep) reading the same decision start one refund between them.
 * A refund WeChat refused is due again at the next sweep; one whose outcome is unknown keeps the
 * payment 'refunding' (not due) until the payments module learns the outcome. Returns how many started.
 */
export async function startDueRefunds(payments: PaymentsService, due: readonly DueRefund[], logger: Logger, kind: string): Promise<number> {
  let started = 0
  for (const refund of due) {
    try {
      await payments.refundPayment(refund.paymentId, refund.amountFen, refund.reason, { whenRefundedFen: refund.refundedFen })
      started++
    } catch (error) {
      // 409: someone else started it (or it is no longer due) — not a problem.
      if (error instanceof AppError && error.status === 409) continue
      logger.warn({ err: error, kind, orderId: refund.orderId, paymentId: refund.paymentId }, 'a due refund did not start: the next sweep tries again')
    }
  }
  return started
}

/**
 * The periodic part of the lifecycle for one kind (the background job calls it every minute):
 * held records past their hold are released, then the refunds due are started. Safe on several
 * instances at once.
 */
export async function sweepHeldPayable(
  payments: PaymentsService | undefined,
  held: HeldPayableKind,
  now: number,
  logger: Logger,
  limit = 50,
): Promise<{ released: number; refunds: number }> {
  const released = await held.releaseExpiredHolds(now)
  const refunds = payments ? await startDueRefunds(payments, await held.dueRefunds({ limit }), logger, held.kind) : 0
  return { released, refunds }
}
