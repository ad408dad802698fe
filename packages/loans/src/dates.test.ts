import fc from 'fast-check'
import { addDays, addMonths, compareDates, daysBetween, isCivilDate, parseCivilDate } from './dates'
import { civilDateArb } from './test-arbitraries'

const utcDay = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000

describe('civil dates', () => {
  it('keeps the day of the month, clamped to the month end, counted from the start', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28')
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29')
    expect(addMonths('2025-01-31', 2)).toBe('2025-03-31')
    expect(addMonths('2025-01-31', 3)).toBe('2025-04-30')
    expect(addMonths('2025-11-15', 3)).toBe('2026-02-15')
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28')
  })

  it('rejects impossible dates', () => {
    expect(isCivilDate('2025-02-29')).toBe(false)
    expect(isCivilDate('2024-02-29')).toBe(true)
    expect(isCivilDate('2025-13-01')).toBe(false)
    expect(isCivilDate('2025-1-01')).toBe(false)
    expect(parseCivilDate('2025-04-31')).toBeNull()
    expect(() => daysBetween('2025-02-30', '2025-03-01')).toThrow(RangeError)
  })

  it('counts days like the UTC calendar does', () => {
    fc.assert(
      fc.property(civilDateArb, civilDateArb, (a, b) => {
        expect(daysBetween(a, b)).toBe(utcDay(b) - utcDay(a))
        expect(Math.sign(compareDates(a, b))).toBe(Math.sign(utcDay(a) - utcDay(b)))
      }),
    )
  })

  it('adds days and months consistently with the UTC calendar', () => {
    fc.assert(
      fc.property(civilDateArb, fc.integer({ min: -4000, max: 4000 }), fc.integer({ min: 0, max: 400 }), (d, days, months) => {
        expect(addDays(d, days)).toBe(new Date((utcDay(d) + days) * 86_400_000).toISOString().slice(0, 10))
        const y = Number(d.slice(0, 4))
        const month0 = Number(d.slice(5, 7)) - 1 + months
        const lastDay = new Date(Date.UTC(y, month0 + 1, 0)).getUTCDate()
        const day = Math.min(Number(d.slice(8, 10)), lastDay)
        expect(addMonths(d, months)).toBe(new Date(Date.UTC(y, month0, day)).toISOString().slice(0, 10))
      }),
    )
  })
})
