import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { precompress, summarize } from './precompress'
import { bigJs, makeBuild } from './test-helpers'

describe('precompress', () => {
  let build: ReturnType<typeof makeBuild>
  beforeEach(() => {
    build = makeBuild()
  })
  afterEach(() => build.cleanup())

  it('writes .br and .gz beside js, css, html and svg that decompress to the original', async () => {
    const result = await precompress(build.alpha)
    for (const rel of ['index.html', 'js/app.1fa22614.js', 'css/app.78572573.css', 'static/logo.svg']) {
      const file = path.join(build.alpha, rel)
      const original = fs.readFileSync(file)
      expect(zlib.brotliDecompressSync(fs.readFileSync(`${file}.br`))).toEqual(original)
      expect(zlib.gunzipSync(fs.readFileSync(`${file}.gz`))).toEqual(original)
    }
    const js = result.files.find((f) => f.file === path.join('js', 'app.1fa22614.js'))
    expect(js).toMatchObject({ raw: Buffer.byteLength(bigJs) })
    expect(js?.br).toBeLessThan(js?.gz ?? 0)
    expect(summarize(result)).toMatch(/→ br .* gzip/)
  })

  it('leaves images, licences and files too small to shrink alone', async () => {
    await precompress(build.alpha)
    for (const rel of ['static/photo.3a9c0e11.png', 'js/app.1fa22614.js.LICENSE.txt', 'tiny.json']) {
      expect(fs.existsSync(path.join(build.alpha, `${rel}.br`))).toBe(false)
      expect(fs.existsSync(path.join(build.alpha, `${rel}.gz`))).toBe(false)
    }
  })

  it('skips files whose variants are up to date and redoes changed ones', async () => {
    const first = await precompress(build.alpha)
    const again = await precompress(build.alpha)
    // Only files too small to shrink (no variants on disk) are looked at again.
    expect(again.files.map((f) => f.file)).toEqual(['tiny.json'])
    expect(again.skipped).toBe(first.files.length - 1)
    const js = path.join(build.alpha, 'js/app.1fa22614.js')
    fs.writeFileSync(js, `${bigJs}\n// changed`)
    const future = new Date(Date.now() + 5000)
    fs.utimesSync(js, future, future)
    const third = await precompress(build.alpha)
    expect(third.files.map((f) => f.file)).toContain(path.join('js', 'app.1fa22614.js'))
    expect(zlib.gunzipSync(fs.readFileSync(`${js}.gz`)).toString()).toMatch(/changed$/)
  })
})
