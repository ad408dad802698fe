import fs from 'node:fs'
import path from 'node:path'

// '@tianyuan/contracts/types' must stay free of run-time code, so apps importing from it never
// pull zod or dayjs into a mini-program bundle.
test('types.ts only re-exports types', () => {
  const source = fs.readFileSync(path.join(__dirname, 'types.ts'), 'utf8')
  const statements = source.split('\n').filter((line) => /^\s*(import|export)\b/.test(line))
  expect(statements.length).toBeGreaterThan(0)
  for (const line of statements) expect(line).toMatch(/^export type \{/)
})
