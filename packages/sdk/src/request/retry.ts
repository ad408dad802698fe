import { SdkError, USER_MESSAGES } from '../errors/sdk-error'
import { TransferFailure, type HttpResponse } from '../platform/types'
import type { CancelSignal } from './cancel'
import { errorFromFailure, errorFromResponse, isRetryableError } from './response-errors'
import { backoffDelayMs, parseRetryAfterMs, type RetryPolicy } from './retry-policy'

/** What one attempt came to, and what the engine does next. */
export type AttemptResult<T> =
  /** An answer: returned. */
  | { done: T }
  /** A failure: retried if its class allows (see isRetryableError), after Retry-After or the backoff. */
  | { failed: SdkError; retryAfterMs?: number }
  /** A 401: one silent re-login (`onUnauthorized`), then sent again without counting as a retry. */
  | { unauthorized: SdkError; headers: Record<string, string> }

export interface RetryRun<T> {
  /** For messages: 'POST /api/media'. */
  what: string
  policy: RetryPolicy
  random: () => number
  cancel?: CancelSignal
  /** No wait is started that would end past this: a Retry-After reaching past it fails at once. */
  deadlineAt?: number
  /** Whether this failure may be retried at all, beyond its class (a POST without a key may not). */
  mayRetry?: (error: SdkError) => boolean
  onUnauthorized?: (sent: { headers: Record<string, string> }) => Promise<boolean>
  /** Before every attempt, after the cancel check: throw to stop (offline, deadline), await to wait. */
  beforeAttempt?: () => void | Promise<void>
  /** One attempt; `number` is 1 for the first. */
  attempt(number: number): Promise<AttemptResult<T>>
}

/**
 * The one retry engine of the SDK, for requests and uploads alike: attempts until one answers,
 * a failure is not worth retrying (every 4xx but 408/429/409-in-progress), or the policy's
 * retries run out; between attempts the server's Retry-After, else full-jitter backoff. A
 * cancel ends it at once (`aborted`), also during a wait. A 401 re-logs in once.
 */
export async function runWithRetries<T>(run: RetryRun<T>): Promise<T> {
  let reauthenticated = false
  let attempts = 0
  for (let retry = 0; ; retry++) {
    if (run.cancel?.cancelled) throw abortedError(run.what)
    // Awaited only when it is async: the first attempt's headers are read in the caller's tick.
    const ready = run.beforeAttempt?.()
    if (ready) await ready
    const outcome = await run.attempt(++attempts)
    if ('done' in outcome) return outcome.done
    if ('unauthorized' in outcome) {
      if (run.onUnauthorized && !reauthenticated) {
        reauthenticated = true
        if (await run.onUnauthorized({ headers: outcome.headers })) {
          retry-- // a re-login is not a failed attempt
          continue
        }
      }
      throw outcome.unauthorized
    }
    const error = outcome.failed
    if (!isRetryableError(error) || (run.mayRetry && !run.mayRetry(error)) || retry >= run.policy.retries) throw error
    // The server's Retry-After is an instruction, not a hint; when it reaches past the
    // deadline, say so now instead of making the user wait for a certain failure.
    const waitMs = outcome.retryAfterMs ?? backoffDelayMs(retry, run.policy, run.random)
    if (run.deadlineAt !== undefined && Date.now() + waitMs >= run.deadlineAt) throw error
    await pause(waitMs, run.cancel)
  }
}

/**
 * One exchange's outcome, judged the same way for a request and an upload: a 2xx (or 304) is
 * `accept`ed, a 401 asks for a re-login, other statuses and transfer failures are SdkErrors
 * with the server's zh-CN message and Retry-After.
 */
export function judgeOutcome<T>(
  outcome: HttpResponse | TransferFailure,
  sent: Record<string, string>,
  what: string,
  context: { offline: boolean; pastDeadline?: boolean },
  accept: (response: HttpResponse) => T,
): AttemptResult<T> {
  if (outcome instanceof TransferFailure) return { failed: errorFromFailure(outcome, what, context.offline, context.pastDeadline ?? false) }
  if (outcome.status < 300 || outcome.status === 304) return { done: accept(outcome) }
  const error = errorFromResponse(outcome, what)
  if (outcome.status === 401) return { unauthorized: error, headers: sent }
  return { failed: error, retryAfterMs: parseRetryAfterMs(outcome.headers['retry-after'], Date.now()) }
}

export function abortedError(what: string): SdkError {
  return new SdkError({ code: 'aborted', userMessage: USER_MESSAGES.aborted, message: `${what}: cancelled` })
}

/** Waits `ms`, or less: a cancel, or `until` firing (e.g. the network coming back), ends it early. */
export function pause(ms: number, cancel?: CancelSignal, until?: (done: () => void) => () => void): Promise<void> {
  return new Promise<void>((resolve) => {
    const stops: Array<() => void> = []
    const timer = setTimeout(done, ms)
    // Registered after the timer: onCancel calls back at once when already cancelled.
    if (until) stops.push(until(done))
    if (cancel) stops.push(cancel.onCancel(done))
    function done() {
      clearTimeout(timer)
      stops.forEach((stop) => stop())
      resolve()
    }
  })
}
