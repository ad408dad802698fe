import { deriveStepStates } from './steps'

describe('deriveStepStates', () => {
  it('marks earlier steps done, the current one current, later ones upcoming', () => {
    // 待付款 → 待发货 → 已发货 → 已收货, paid and waiting to ship
    expect(deriveStepStates(4, 1)).toEqual(['done', 'current', 'upcoming', 'upcoming'])
    expect(deriveStepStates(4, 0)).toEqual(['current', 'upcoming', 'upcoming', 'upcoming'])
    expect(deriveStepStates(4, 3)).toEqual(['done', 'done', 'done', 'current'])
  })

  it('is all done past the last step, and all upcoming before the first', () => {
    expect(deriveStepStates(3, 3)).toEqual(['done', 'done', 'done'])
    expect(deriveStepStates(3, 7)).toEqual(['done', 'done', 'done'])
    expect(deriveStepStates(3, -1)).toEqual(['upcoming', 'upcoming', 'upcoming'])
  })

  it('handles no steps, and refuses a non-integer position', () => {
    expect(deriveStepStates(0, 0)).toEqual([])
    expect(() => deriveStepStates(3, 1.5)).toThrow(RangeError)
    expect(() => deriveStepStates(-1, 0)).toThrow(RangeError)
  })
})
