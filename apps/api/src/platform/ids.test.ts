import { newId, newSortableId } from './ids'

// The one id shape every request's ids are checked against (packages/contracts).
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

describe('ids', () => {
  test('newId: 22 random URL-safe characters, within the one id shape', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newId()))
    expect(ids.size).toBe(1000)
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/)
  })

  test('newSortableId: in the order made (across milliseconds and within one), as plain text', () => {
    const t = Date.parse('2026-12-04T08:00:00Z')
    const made = [
      ...Array.from({ length: 500 }, () => newSortableId(t)), // one millisecond
      newSortableId(t + 1),
      newSortableId(t + 60_000),
      newSortableId(Date.parse('2099-01-01T00:00:00Z')),
    ]
    expect([...made].sort()).toEqual(made)
    for (const id of made) {
      expect(id).toMatch(ID_PATTERN)
      expect(id).toHaveLength(23)
    }
    expect(new Set(made).size).toBe(made.length)
  })

  test('newSortableId keeps the format of the ids the market and clinic already stored', () => {
    // Written before the move (market order events, clinic events and messages): time, counter, random.
    const stored = `${Date.parse('2026-11-28T04:00:00Z').toString(36).padStart(9, '0')}00000aAbC_-x1z`
    expect(stored < newSortableId(Date.parse('2026-11-28T04:00:00.001Z'))).toBe(true)
    expect(newSortableId(Date.parse('2026-11-28T03:59:59.999Z')) < stored).toBe(true)
  })
})
