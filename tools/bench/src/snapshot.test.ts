import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildProblem, snapshotBuild } from './snapshot'

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-snapshot-test-'))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

/** A build as Taro's H5 output looks: index.html naming its script and stylesheet under /<app>/. */
function writeBuild(root: string, { withScript = true } = {}): string {
  const build = path.join(root, 'dist', 'h5')
  fs.mkdirSync(path.join(build, 'js'), { recursive: true })
  fs.mkdirSync(path.join(build, 'css'), { recursive: true })
  fs.writeFileSync(path.join(build, 'index.html'), '<script defer="defer" src="/market/js/app.1a2b3c4d.js"></script><link href="/market/css/app.5e6f7a8b.css" rel="stylesheet">')
  if (withScript) fs.writeFileSync(path.join(build, 'js', 'app.1a2b3c4d.js'), 'console.log(1)')
  fs.writeFileSync(path.join(build, 'css', 'app.5e6f7a8b.css'), 'body{}')
  return build
}
const app = (build: string) => ({ name: 'market', title: '田园集市', purpose: '', dir: build })

describe('buildProblem', () => {
  it('names what keeps a build from being served: no index.html, or files it names that are missing', () => {
    expect(buildProblem(path.join(dir, 'nothing'))).toBe('no index.html')
    expect(buildProblem(writeBuild(path.join(dir, 'half'), { withScript: false }))).toBe('index.html names missing files: js/app.1a2b3c4d.js')
    expect(buildProblem(writeBuild(path.join(dir, 'whole')))).toBeNull()
  })
})

describe('snapshotBuild', () => {
  it('copies a complete build and serves the copy, which a rebuild of the original leaves alone', async () => {
    const build = writeBuild(dir)
    const served = await snapshotBuild(app(build), path.join(dir, 'copy'))
    expect(served.dir).toBe(path.join(dir, 'copy'))
    fs.rmSync(build, { recursive: true }) // a rebuild starts by emptying its output folder
    expect(buildProblem(served.dir)).toBeNull()
    expect(fs.readFileSync(path.join(served.dir, 'js', 'app.1a2b3c4d.js'), 'utf8')).toBe('console.log(1)')
  })

  it('gives up on a build that stays incomplete, saying why and how to build it', async () => {
    const build = writeBuild(dir, { withScript: false })
    await expect(snapshotBuild(app(build), path.join(dir, 'copy'), { timeoutMs: 0 })).rejects.toThrow(
      'no complete H5 build of market within 0 s (index.html names missing files: js/app.1a2b3c4d.js): is a build running? Build it with node scripts/build.mjs h5 market',
    )
  })
})
