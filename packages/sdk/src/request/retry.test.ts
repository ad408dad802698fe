// The one retry engine behind requests (client.ts) and photo uploads (image/upload.ts): what
// it retries, how long it waits, and when it stops. Both callers' own suites run through it too.
import { TransferFailure, type HttpResponse } from '../platform/types'
import { createCanceller } from './cancel'
import { judgeOutcome, runWithRetries, type AttemptResult } from './retry'
import { DEFAULT_RETRY_POLICY } from './retry-policy'

beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-12-04T08:00:00Z') }))
afterEach(() => jest.useRealTimers())

const reply = (status: number, headers: Record<string, string> = {}, body = ''): HttpResponse => ({ status, headers, body })
const judged = (outcome: HttpResponse | TransferFailure): AttemptResult<string> => judgeOutcome(outcome, { authorization: 'Bearer t' }, 'POST /x', { offline: false }, (r) => r.body)

/** Runs the engine over scripted outcomes; records when each attempt started. */
function script(outcomes: (HttpResponse | TransferFailure)[], extra: Partial<Parameters<typeof runWithRetries<string>>[0]> = {}) {
  const startedAt: number[] = []
  const t0 = Date.now()
  const result: { value?: string; error?: { code: string } } = {}
  void runWithRetries<string>({
    what: 'POST /x',
    policy: DEFAULT_RETRY_POLICY,
    random: () => 0.5,
    attempt: async () => {
      startedAt.push(Date.now() - t0)
      return judged(outcomes.shift() ?? reply(200, {}, 'ok'))
    },
    ...extra,
  }).then(
    (value) => (result.value = value),
    (error: { code: string }) => (result.error = error),
  )
  return { startedAt, result }
}

it('retries network failures and 5xx on full-jitter backoff (half of 1 s, 2 s, 4 s with random 0.5), then answers', async () => {
  const run = script([new TransferFailure('network', 'reset'), reply(503), reply(502)])
  await jest.advanceTimersByTimeAsync(10_000)
  expect(run.startedAt).toEqual([0, 500, 1500, 3500])
  expect(run.result.value).toBe('ok')
})

it('never retries a 4xx other than 408/429, and obeys Retry-After', async () => {
  const refused = script([reply(400, {}, JSON.stringify({ code: 'BAD', message: '手机号不对' }))])
  await jest.advanceTimersByTimeAsync(10_000)
  expect(refused.startedAt).toEqual([0])
  expect(refused.result.error).toMatchObject({ code: 'rejected', userMessage: '手机号不对' })

  const limited = script([reply(429, { 'retry-after': '3' })])
  await jest.advanceTimersByTimeAsync(10_000)
  expect(limited.startedAt).toEqual([0, 3000])
})

it('fails at once when Retry-After reaches past the deadline, and stops when the retries run out', async () => {
  const late = script([reply(503, { 'retry-after': '120' })], { deadlineAt: Date.now() + 60_000 })
  await jest.advanceTimersByTimeAsync(0)
  expect(late.result.error).toMatchObject({ code: 'server' })

  const down = script([reply(500), reply(500), reply(500)], { policy: { ...DEFAULT_RETRY_POLICY, retries: 2 } })
  await jest.advanceTimersByTimeAsync(60_000)
  expect(down.startedAt).toHaveLength(3)
  expect(down.result.error).toMatchObject({ code: 'server' })
})

it('re-logs in once on a 401 without counting it as a retry; a cancel ends a wait at once', async () => {
  const onUnauthorized = jest.fn(async () => true)
  const relogin = script([reply(401), reply(401)], { onUnauthorized, policy: { ...DEFAULT_RETRY_POLICY, retries: 0 } })
  await jest.advanceTimersByTimeAsync(0)
  expect(onUnauthorized).toHaveBeenCalledWith({ headers: { authorization: 'Bearer t' } })
  expect(relogin.startedAt).toEqual([0, 0])
  expect(relogin.result.error).toMatchObject({ code: 'rejected', status: 401 })

  const { signal, cancel } = createCanceller()
  const cancelled = script([reply(503)], { cancel: signal })
  await jest.advanceTimersByTimeAsync(100)
  cancel()
  await jest.advanceTimersByTimeAsync(0)
  expect(cancelled.startedAt).toEqual([0])
  expect(cancelled.result.error).toMatchObject({ code: 'aborted' })
})
