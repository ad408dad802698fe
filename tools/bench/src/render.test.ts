import { README_END, README_START, renderChartSvg, renderReadmeSection, renderReport, replaceReadmeSection } from './render'
import type { RunFile } from './types'

const run: RunFile = {
  meta: {
    startedAt: '2026-11-28T14:00:00.000Z',
    finishedAt: '2026-11-28T14:10:00.000Z',
    quick: false,
    only: null,
    node: 'v20.20.2',
    cpus: 2,
    cpuModel: 'Test CPU',
    loadAverage: { start: [1, 2, 3], end: [1.5, 2, 3] },
    gitCommit: 'abcdef1234567890',
  },
  results: [
    {
      name: 'images',
      title: 'Image bytes <per> screen',
      ok: true,
      durationMs: 1234,
      headlines: [{ metric: 'home on 2G', value: 10 * 1024, baseline: 40 * 1024, unit: 'B', baselineLabel: 'policy off' }],
      charts: [{ title: 'Bytes & more', unit: 'B', groups: [{ label: 'home', bars: [{ series: 'on', value: 1024 }, { series: 'off', value: 4096 }] }], limit: { label: 'budget', value: 2048 } }],
      table: { columns: ['a', 'b'], rows: [['x|y', 2]] },
      notes: ['a note'],
      data: null,
    },
    {
      name: 'throughput',
      title: 'Throughput',
      ok: false,
      error: 'boom',
      durationMs: 10,
      headlines: [{ metric: 'reads', value: 3000, baseline: 6000, unit: 'req/s', baselineLabel: '/healthz', lowerIsBetter: false }],
      charts: [],
      notes: [],
      data: null,
    },
  ],
}

describe('renderChartSvg', () => {
  const svg = renderChartSvg(run.results[0]?.charts[0] as never)
  it('is one escaped SVG with a bar per value, a legend per series and the limit line', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg.trim().endsWith('</svg>')).toBe(true)
    expect(svg).toContain('Bytes &amp; more')
    expect(svg).not.toContain('Bytes & more')
    expect(svg.match(/<title>/g)).toHaveLength(2)
    expect(svg).toContain('1.0 KB')
    expect(svg).toContain('4.0 KB')
    expect(svg).toContain('stroke-dasharray')
    expect(svg).toContain('budget 2.0 KB')
  })
  it('scales bars to the largest value', () => {
    const widths = [...svg.matchAll(/<rect x="\d+" y="[\d.]+" width="([\d.]+)" height="12"/g)].map((m) => Number(m[1]))
    expect(widths).toHaveLength(2)
    expect((widths[1] as number) / (widths[0] as number)).toBeCloseTo(4, 1)
  })
})

describe('renderReport', () => {
  const md = renderReport(run, (r, i) => `charts/${r.name}-${i + 1}.svg`)
  it('has the headline table with ratios from the numbers, the load average, charts, tables and failures', () => {
    expect(md).toContain('| Image bytes <per> screen | home on 2G | 10.0 KB | 40.0 KB (policy off) | 4.0× |')
    // Higher is better for req/s: 3000 against 6000 is 0.50×.
    expect(md).toContain('| Throughput | reads | 3,000 req/s | 6,000 req/s (/healthz) | 0.50× |')
    expect(md).toContain('load average (1/5/15 min) 1.00 / 2.00 / 3.00 at start')
    expect(md).toContain('![Bytes & more](charts/images-1.svg)')
    expect(md).toContain('| x\\|y | 2 |')
    expect(md).toContain('✗ `throughput`')
    expect(md).toContain('boom')
  })
})

describe('README section', () => {
  const section = renderReadmeSection(run)
  it('is wrapped in the markers and names failed benchmarks', () => {
    expect(section.startsWith(README_START)).toBe(true)
    expect(section.endsWith(README_END)).toBe(true)
    expect(section).toContain('Failed in that run: throughput.')
  })
  it('replaces only the text between the markers', () => {
    const readme = `# T\n\nintro\n\n## Performance\n\n${README_START}\nold figures\n${README_END}\n\n## After\n\nkept\n`
    const out = replaceReadmeSection(readme, section)
    expect(out).not.toContain('old figures')
    expect(out).toContain('# T\n\nintro\n\n## Performance\n\n')
    expect(out).toContain('\n\n## After\n\nkept\n')
    expect(replaceReadmeSection(out, section)).toBe(out)
  })
  it('appends a section when there are no markers, and refuses a half-marked README', () => {
    const out = replaceReadmeSection('# T\n', section)
    expect(out).toBe(`# T\n\n## Performance\n\n${section}\n`)
    expect(() => replaceReadmeSection(`# T\n${README_START}\n`, section)).toThrow(/one of the bench markers/)
  })
})
