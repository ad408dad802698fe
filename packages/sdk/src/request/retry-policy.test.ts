import { backoffDelayMs, DEFAULT_RETRY_POLICY, isRetryableStatus, mayRetryMethod, parseRetryAfterMs } from './retry-policy'

describe('backoffDelayMs (full jitter)', () => {
  const schedule = (random: number) => [0, 1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, DEFAULT_RETRY_POLICY, () => random))

  it('draws from a window that doubles from 1 s and stops at 15 s', () => {
    // random just under 1 shows the window's top
    expect(schedule(0.9999)).toEqual([999, 1999, 3999, 7999, 14998, 14998])
    expect(schedule(0.5)).toEqual([500, 1000, 2000, 4000, 7500, 7500])
  })

  it('can wait no time at all: the jitter spans the whole window', () => {
    expect(schedule(0)).toEqual([0, 0, 0, 0, 0, 0])
  })

  it('follows a custom policy', () => {
    expect(backoffDelayMs(3, { retries: 9, baseDelayMs: 100, maxDelayMs: 500 }, () => 0.9999)).toBe(499)
  })
})

describe('isRetryableStatus', () => {
  it.each([408, 429, 500, 502, 503, 504])('%i is worth another try', (status) => expect(isRetryableStatus(status)).toBe(true))
  it.each([400, 401, 403, 404, 409, 413, 422])('%i is not', (status) => expect(isRetryableStatus(status)).toBe(false))
})

describe('mayRetryMethod', () => {
  it('retries GET, HEAD, PUT and DELETE always, POST and PATCH only with a key', () => {
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE'] as const) expect(mayRetryMethod(method, false)).toBe(true)
    expect(mayRetryMethod('POST', false)).toBe(false)
    expect(mayRetryMethod('PATCH', false)).toBe(false)
    expect(mayRetryMethod('POST', true)).toBe(true)
    expect(mayRetryMethod('PATCH', true)).toBe(true)
  })
})

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-11-28T08:00:00Z')
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfterMs('7', now)).toBe(7000)
    expect(parseRetryAfterMs('Sat, 28 Nov 2026 08:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfterMs('Sat, 28 Nov 2026 07:00:00 GMT', now)).toBe(0)
  })
  it('ignores what it cannot read', () => {
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined()
    expect(parseRetryAfterMs('', now)).toBeUndefined()
    expect(parseRetryAfterMs('soon', now)).toBeUndefined()
  })
})
