import fc from 'fast-check'
import { ErrorBody, Fen, SHANGHAI, dayjs, IsoDateTime, LocalDate, LoginRequest, UpdateProfileRequest, formatYuan, shanghaiDate, toShanghaiIso } from './index'

describe('money', () => {
  test('fen are non-negative integers within bounds', () => {
    expect(Fen.safeParse(1999).success).toBe(true)
    for (const bad of [-1, 0.5, 1e20, Number.NaN, Infinity, '100']) expect(Fen.safeParse(bad).success).toBe(false)
  })
  test('formatYuan', () => {
    expect(formatYuan(0)).toBe('0.00')
    expect(formatYuan(1205)).toBe('12.05')
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (fen) => Math.round(Number(formatYuan(fen)) * 100) === fen))
  })
})

describe('time (Asia/Shanghai)', () => {
  test('instants format in Shanghai time with an explicit offset', () => {
    expect(toShanghaiIso(Date.parse('2026-11-28T16:30:00Z'))).toBe('2026-11-29T00:30:00.000+08:00')
    expect(shanghaiDate(Date.parse('2026-11-28T16:30:00Z'))).toBe('2026-11-29')
  })
  test('impossible or offset-less timestamps are refused', () => {
    expect(IsoDateTime.safeParse('2026-02-28T08:00:00+08:00').success).toBe(true)
    expect(IsoDateTime.safeParse('2024-02-29T08:00:00.5Z').success).toBe(true)
    for (const bad of ['2026-02-29T08:00:00+08:00', '2026-02-30T08:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T08:00:00', '2026-01-01', 'tomorrow']) {
      expect(IsoDateTime.safeParse(bad).success).toBe(false)
    }
    expect(LocalDate.safeParse('2026-04-31').success).toBe(false)
    expect(LocalDate.safeParse('2026-04-30').success).toBe(true)
  })
  test('the fast fixed-offset path agrees with the timezone database', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1991, 8, 15), max: 4_102_444_800_000 }), (ms) => {
        expect(toShanghaiIso(ms)).toBe(dayjs(ms).tz(SHANGHAI).format('YYYY-MM-DDTHH:mm:ss.SSSZ'))
        expect(shanghaiDate(ms)).toBe(dayjs(ms).tz(SHANGHAI).format('YYYY-MM-DD'))
      }),
      { numRuns: 300 },
    )
    // Before 1991 China observed daylight saving some summers: the slow path handles those.
    expect(toShanghaiIso(Date.UTC(1988, 6, 1, 0, 0))).toBe('1988-07-01T09:00:00.000+09:00')
    expect(shanghaiDate(Date.UTC(1988, 6, 1, 15, 30))).toBe('1988-07-02')
    // Midnight in Shanghai is 16:00 UTC the day before; a Date works as well as epoch ms.
    expect(shanghaiDate(new Date(Date.UTC(2026, 10, 27, 16, 0)))).toBe('2026-11-28')
    expect(toShanghaiIso(new Date(Date.UTC(2026, 10, 27, 15, 59, 59, 999)))).toBe('2026-11-27T23:59:59.999+08:00')
  })
  test('every formatted instant parses back', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => IsoDateTime.safeParse(toShanghaiIso(ms)).success))
  })
})

describe('request schemas are strict', () => {
  test('unknown fields are refused', () => {
    expect(LoginRequest.safeParse({ code: 'abc', extra: 1 }).success).toBe(false)
    expect(UpdateProfileRequest.safeParse({ nickname: '老王', role: 'admin' }).success).toBe(false)
  })
  test('the error shape', () => {
    expect(ErrorBody.safeParse({ code: 'NOT_FOUND', message: '没有找到' }).success).toBe(true)
    expect(ErrorBody.safeParse({ code: 'NOPE', message: 'x' }).success).toBe(false)
  })
})
