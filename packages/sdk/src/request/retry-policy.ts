import type { HttpMethod } from '../platform/types'

/**
 * How hard a request tries. Defaults (see the README for the reasoning):
 * 4 retries (5 attempts), full-jitter backoff from 1 s doubling to a 15 s cap.
 */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number
  /** The cap for the first retry's random wait; doubles each retry. */
  baseDelayMs: number
  /** No single wait is drawn from a window wider than this. */
  maxDelayMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 4, baseDelayMs: 1000, maxDelayMs: 15_000 }

/**
 * AWS "full jitter": wait random(0, min(cap, base·2^n)) before retry n (0-based). When a
 * village's cell comes back every phone reconnects at once; spreading the whole window
 * (not ±20%) keeps that stampede off the server.
 */
export function backoffDelayMs(retryIndex: number, policy: RetryPolicy, random: () => number): number {
  const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex)
  return Math.floor(random() * window)
}

/** 408, 429 and 5xx say "try again"; every other 4xx says "this request is wrong". */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500
}

/**
 * GET, HEAD, PUT and DELETE mean the same thing sent twice. POST and PATCH do only when
 * the server can recognise the repeat by its Idempotency-Key.
 */
export function mayRetryMethod(method: HttpMethod, hasIdempotencyKey: boolean): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'PUT' || method === 'DELETE' || hasIdempotencyKey
}

/** Retry-After as delta-seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}
