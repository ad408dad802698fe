import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { budgetFor, checkBudget, measureWeapp, type BudgetFile } from './index'

function writeDist(files: Record<string, string | number>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'size-test-'))
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    fs.writeFileSync(path.join(dir, file), typeof content === 'number' ? Buffer.alloc(content, 'a') : content)
  }
  return dir
}

const appJson = JSON.stringify({ pages: ['pages/index/index'], subPackages: [{ root: 'pkg', pages: ['pages/about/index'] }] })

describe('measureWeapp', () => {
  it('puts files under a subpackage root in that subpackage and the rest in main, largest first', () => {
    const dist = writeDist({
      'app.json': appJson,
      'taro.js': 5000,
      'pages/index/index.js': 300,
      'pkg/pages/about/index.js': 700,
      'pkgx/other.js': 10, // a sibling folder whose name starts like the root stays in main
    })
    const [main, pkg] = measureWeapp(dist)
    expect(main?.name).toBe('main')
    expect(main?.files.map((f) => f.path)).toEqual(['taro.js', 'pages/index/index.js', 'app.json', 'pkgx/other.js'])
    expect(main?.raw).toBe(5000 + 300 + appJson.length + 10)
    expect(pkg).toMatchObject({ name: 'pkg', raw: 700, files: [{ path: 'pkg/pages/about/index.js', raw: 700 }] })
    // repetitive bytes compress: gzip is reported and smaller
    expect(main!.gzip).toBeLessThan(main!.raw)
  })

  it("does not count what WeChat does not upload (terser's *.LICENSE.txt), and names it", () => {
    const dist = writeDist({ 'app.json': appJson, 'app.js': 100, 'app.js.LICENSE.txt': 700, 'pkg/a.js': 10, 'pkg/notes.md': 5 })
    const [main, pkg] = measureWeapp(dist)
    expect(main).toMatchObject({ raw: 100 + appJson.length, notUploaded: [{ path: 'app.js.LICENSE.txt', raw: 700 }] })
    expect(main?.files.map((f) => f.path)).toEqual(['app.js', 'app.json'])
    expect(pkg).toMatchObject({ raw: 10, notUploaded: [{ path: 'pkg/notes.md', raw: 5 }] })
  })

  it('says to build first when there is no app.json', () => {
    expect(() => measureWeapp(writeDist({ 'x.js': 1 }))).toThrow(/build the app for weapp first/)
  })
})

describe('checkBudget', () => {
  const budgets: BudgetFile = { defaults: { mainKB: 600, subpackageKB: 1024, totalKB: 8192 }, apps: { market: { mainKB: 2 } } }

  it('fails the package that crosses its budget and passes the others', () => {
    const dist = writeDist({ 'app.json': appJson, 'taro.js': 3000, 'pkg/a.js': 100 })
    const verdicts = checkBudget(measureWeapp(dist), budgetFor(budgets, 'market'))
    expect(verdicts.map((v) => [v.package, v.ok])).toEqual([['main', false], ['pkg', true], ['total', true]])
  })

  it("never allows more than WeChat's 2 MB per package, whatever the budget file says", () => {
    const verdicts = checkBudget([{ name: 'main', raw: 2048 * 1024 + 1, gzip: 0, files: [] }], { mainKB: 4096, subpackageKB: 4096, totalKB: 99999 })
    expect(verdicts[0]).toMatchObject({ ok: false, limit: 2048 * 1024 })
  })
})
