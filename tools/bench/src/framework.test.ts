import { variantsFor } from './benchmarks/framework'

describe('variantsFor', () => {
  it('measures React at the old depth first (the baseline), Preact at that depth, then what ships', () => {
    expect(variantsFor(4)).toEqual([
      { label: 'React, baseLevel 16', framework: 'react', baseLevel: 16 },
      { label: 'Preact, baseLevel 16', framework: 'preact', baseLevel: 16 },
      { label: 'Preact, baseLevel 4', framework: 'preact', baseLevel: 4 },
    ])
  })
  it('builds no duplicate when what ships is the old depth', () => {
    expect(variantsFor(16).map((v) => v.label)).toEqual(['React, baseLevel 16', 'Preact, baseLevel 16'])
  })
})
