import { actionKind, idNumber } from './benchmarks/flaky'

describe('actionKind', () => {
  const mix = (actions: number, users: number) => {
    const kinds = Array.from({ length: actions }, (_, i) => actionKind(i, users))
    const count = (ks: string[]) => ['order', 'booking', 'message'].map((k) => ks.filter((x) => x === k).length)
    const perUser = Array.from({ length: users }, (_, u) => count(kinds.filter((_, i) => i % users === u)))
    return { all: count(kinds), perUser }
  }
  it('makes 4 orders, 3 bookings and 3 messages of every 10 actions, and gives every villager that mix in a full session', () => {
    const full = mix(100, 10)
    expect(full.all).toEqual([40, 30, 30])
    expect(new Set(full.perUser.map((c) => c.join()))).toEqual(new Set(['4,3,3']))
    // The quick run's 10 actions, one per villager: still every kind.
    expect(mix(10, 10).all).toEqual([4, 3, 3])
  })
})

describe('idNumber', () => {
  it('makes ID numbers with the GB 11643 check character, X included', () => {
    // The standard's own example.
    expect(idNumber('19491231', 2)).toBe('11010519491231002X')
    expect(idNumber('19620315', 100)).toMatch(/^11010519620315100[0-9X]$/)
  })
})
