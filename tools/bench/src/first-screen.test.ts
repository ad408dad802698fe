import { bytesByKind, firstScreenGoals, medianByKind, transferKind, type GoalCell } from './benchmarks/first-screen'

describe('first-screen bytes by kind', () => {
  it('counts the HTML, scripts, styles and icons as code, /api/ answers as data and /api/media/ as images', () => {
    expect(transferKind('http://127.0.0.1:1/market/js/app.1.js')).toBe('code')
    expect(transferKind('http://127.0.0.1:1/favicon.ico')).toBe('code')
    expect(transferKind('http://127.0.0.1:1/api/market/products?size=6')).toBe('data')
    expect(transferKind('http://127.0.0.1:1/api/media/abc?w=160&q=60&fmt=webp')).toBe('images')
    // A page whose path merely contains "api" is still code.
    expect(transferKind('http://127.0.0.1:1/market/js/api.js')).toBe('code')
  })

  it('sums each kind, and takes each kind’s median over runs', () => {
    const run = (code: number, data: number, images: number) => ({
      transfers: [
        { path: '/market/', kind: 'code' as const, bytes: code },
        { path: '/api/x', kind: 'data' as const, bytes: data },
        { path: '/api/media/a', kind: 'images' as const, bytes: images / 2 },
        { path: '/api/media/b', kind: 'images' as const, bytes: images / 2 },
      ],
    })
    expect(bytesByKind(run(10, 20, 30).transfers)).toEqual({ code: 10, data: 20, images: 30 })
    expect(medianByKind([run(10, 1, 2), run(30, 3, 4), run(20, 2, 100)])).toEqual({ code: 20, data: 2, images: 4 })
    expect(medianByKind([])).toEqual({ code: null, data: null, images: null })
  })
})

describe('first-screen goals', () => {
  const cell = (over: Partial<GoalCell>): GoalCell => ({ app: 'market', profile: 'Fast 3G', mode: 'cold', bytes: 150 * 1024, firstScreenMs: 4000, byKind: { code: 140 * 1024, data: 6 * 1024, images: 4 * 1024 }, ...over })

  it('puts the market and clinic cold bytes (Fast 3G) beside the 100 KB goal, with the split', () => {
    const { headlines, notes } = firstScreenGoals([cell({}), cell({ app: 'clinic', bytes: 90 * 1024, byKind: { code: 84 * 1024, data: 4 * 1024, images: 2 * 1024 } }), cell({ app: 'classroom' })])
    expect(headlines).toEqual([
      { metric: 'market cold first screen: bytes incl. data and images (Fast 3G)', value: 150 * 1024, baseline: 100 * 1024, unit: 'B', baselineLabel: 'goal ≤ 100 KB' },
      { metric: 'clinic cold first screen: bytes incl. data and images (Fast 3G)', value: 90 * 1024, baseline: 100 * 1024, unit: 'B', baselineLabel: 'goal ≤ 100 KB' },
    ])
    expect(notes[0]).toBe('Goal, market cold first screen ≤ 100 KB (Fast 3G): 150.0 KB = code 140.0 KB + data 6.0 KB + images 4.0 KB — **not met** (50.0 KB over).')
    expect(notes[1]).toBe('Goal, clinic cold first screen ≤ 100 KB (Fast 3G): 90.0 KB = code 84.0 KB + data 4.0 KB + images 2.0 KB — met (10.0 KB to spare).')
  })

  it('checks the 2G cold time against 25 s and the warm bytes against 20 KB when those cells ran', () => {
    const { notes } = firstScreenGoals([cell({ profile: '2G', firstScreenMs: 40_000 }), cell({ profile: '2G', mode: 'warm', bytes: 8 * 1024, byKind: { code: 0, data: 8 * 1024, images: 0 } }), cell({ app: 'clinic', profile: '2G', firstScreenMs: null, bytes: null })])
    expect(notes).toEqual([
      'Goal, market cold first screen on 2G ≤ 25 s: 40.0 s for 150.0 KB — **not met** (15.0 s over).',
      'Goal, market warm first screen ≤ 20 KB (2G): 8.0 KB = code 0.0 KB + data 8.0 KB + images 0.0 KB — met (12.0 KB to spare).',
      'Goal, clinic cold first screen on 2G ≤ 25 s: — for — — no figure (the load failed).',
    ])
  })
})
