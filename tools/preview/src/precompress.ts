// Writes `.br` and `.gz` beside every compressible file of a build, once, at build time,
// so the preview never compresses on the request path. Run as
//   node --import tsx tools/preview/src/precompress.ts <dist/h5> [...]
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import zlib from 'node:zlib'

const brotli = promisify(zlib.brotliCompress)
const gzip = promisify(zlib.gzip)

/** Extensions worth compressing (images and fonts are compressed already). */
export const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json'])

export const isCompressible = (file: string): boolean => COMPRESSIBLE.has(path.extname(file).toLowerCase())

export interface CompressedFile {
  /** Path relative to the folder given. */
  file: string
  raw: number
  /** Bytes of the `.br` file, or null when brotli saved nothing (no file written). */
  br: number | null
  gz: number | null
}

export interface PrecompressResult {
  dir: string
  files: CompressedFile[]
  /** Files whose variants were already newer than them and were left alone. */
  skipped: number
}

async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await fs.promises.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* walk(full)
    else if (entry.isFile()) yield full
  }
}

async function mtime(file: string): Promise<number | null> {
  try {
    return (await fs.promises.stat(file)).mtimeMs
  } catch {
    return null
  }
}

/** Writes atomically, so a server reading the folder meanwhile never sees half a file. */
async function writeAtomic(file: string, data: Buffer): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`
  await fs.promises.writeFile(tmp, data)
  await fs.promises.rename(tmp, file)
}

/** Writes `variant` when it is smaller than the original, removes a stale one otherwise. */
async function keepIfSmaller(variant: string, data: Buffer, raw: number): Promise<number | null> {
  if (data.length < raw) {
    await writeAtomic(variant, data)
    return data.length
  }
  await fs.promises.rm(variant, { force: true })
  return null
}

async function compressOne(dir: string, file: string, force: boolean): Promise<CompressedFile | 'skipped'> {
  const stat = await fs.promises.stat(file)
  const [brTime, gzTime] = await Promise.all([mtime(`${file}.br`), mtime(`${file}.gz`)])
  if (!force && brTime !== null && gzTime !== null && brTime >= stat.mtimeMs && gzTime >= stat.mtimeMs) return 'skipped'
  const body = await fs.promises.readFile(file)
  const [brBody, gzBody] = await Promise.all([
    brotli(body, {
      params: {
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
    gzip(body, { level: zlib.constants.Z_BEST_COMPRESSION }),
  ])
  return {
    file: path.relative(dir, file),
    raw: body.length,
    br: await keepIfSmaller(`${file}.br`, brBody, body.length),
    gz: await keepIfSmaller(`${file}.gz`, gzBody, body.length),
  }
}

/**
 * Compresses every js/css/html/svg/json file under `dir` with brotli (quality 11) and gzip
 * (level 9). A file whose variants are already newer than it is skipped unless `force`.
 */
export async function precompress(dir: string, { force = false }: { force?: boolean } = {}): Promise<PrecompressResult> {
  const files: string[] = []
  for await (const file of walk(dir)) if (isCompressible(file)) files.push(file)
  const result: PrecompressResult = { dir, files: [], skipped: 0 }
  // Two at a time: the machines this runs on have two cores, shared with builds.
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++] as string
      const r = await compressOne(dir, file, force)
      if (r === 'skipped') result.skipped++
      else result.files.push(r)
    }
  }
  await Promise.all([worker(), worker()])
  result.files.sort((a, b) => b.raw - a.raw)
  return result
}

const kb = (n: number | null): string => (n === null ? '—' : `${(n / 1024).toFixed(1)} KB`)

/** One line per folder: totals, and the largest file. */
export function summarize(r: PrecompressResult): string {
  const sum = (pick: (f: CompressedFile) => number | null): number =>
    r.files.reduce((s, f) => s + (pick(f) ?? f.raw), 0)
  const top = r.files[0]
  const largest = top ? `; largest ${top.file} ${kb(top.raw)} → br ${kb(top.br)}, gzip ${kb(top.gz)}` : ''
  const skipped = r.skipped ? ` (${r.skipped} already up to date)` : ''
  return `${r.files.length} files ${kb(sum((f) => f.raw))} → br ${kb(sum((f) => f.br))}, gzip ${kb(sum((f) => f.gz))}${largest}${skipped}`
}

if (require.main === module) {
  const args = process.argv.slice(2)
  const force = args.includes('--force')
  const dirs = args.filter((a) => a !== '--force')
  if (!dirs.length) {
    console.error('usage: precompress.ts [--force] <dist/h5> [...]')
    process.exit(2)
  }
  void (async () => {
    for (const dir of dirs) console.log(`${dir}: ${summarize(await precompress(path.resolve(dir), { force }))}`)
  })().catch((e: unknown) => {
    console.error(e)
    process.exit(1)
  })
}
