import fs from 'node:fs'
import path from 'node:path'

// The zod-free modules an app bundle imports (`@tianyuan/contracts/<name>`) must stay free of zod
// and dayjs: they may import only each other.
const ZOD_FREE = ['market-rules', 'clinic-rules', 'media-variants', 'text-rules', 'payments-rules', 'identity-rules', 'loans-rules', 'classroom-rules']

test.each(ZOD_FREE)('%s imports nothing but other zod-free modules', (name) => {
  const source = fs.readFileSync(path.join(__dirname, `${name}.ts`), 'utf8')
  const from = [...source.matchAll(/^\s*(?:import|export)\b[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1])
  for (const spec of from) expect(ZOD_FREE.map((n) => `./${n}`)).toContain(spec)
  // …and every one of them is reachable as its own entry.
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { exports: Record<string, string> }
  expect(pkg.exports[`./${name}`]).toBe(`./src/${name}.ts`)
})
