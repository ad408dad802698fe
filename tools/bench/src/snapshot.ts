// A copy of an app's H5 build taken when it is complete and still, for the first-screen benchmark
// to serve: the working tree is shared, and a build started meanwhile must not change what is measured.
import fs from 'node:fs'
import path from 'node:path'
import type { PreviewApp } from '@tianyuan/preview'

/** Every file under `dir` with its size and mtime: two equal listings around a copy = nothing changed meanwhile. */
function listing(dir: string): string {
  const out: string[] = []
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.isFile()) {
        const st = fs.statSync(full)
        out.push(`${path.relative(dir, full)} ${st.size} ${st.mtimeMs}`)
      }
    }
  }
  walk(dir)
  return out.sort().join('\n')
}

/** Why a build folder cannot be served as it is (no index.html, or files it names are missing), or null. */
export function buildProblem(dir: string): string | null {
  const index = path.join(dir, 'index.html')
  if (!fs.existsSync(index)) return 'no index.html'
  // index.html names its scripts and stylesheets under the app's base path: /<app>/js/….js
  const named = [...fs.readFileSync(index, 'utf8').matchAll(/(?:src|href)="\/[^/"]+\/([^"?#]+)"/g)].map((m) => m[1] as string)
  const missing = named.filter((file) => !fs.existsSync(path.join(dir, file)))
  return missing.length ? `index.html names missing files: ${missing.join(', ')}` : null
}

/**
 * Copies an app's H5 build to `into` once it is complete and unchanged while copied, and returns
 * the app served from there. Why: the tree is shared — a build started by someone else deletes
 * and rewrites dist/h5 under a running benchmark. One full run lost 2 of 3 market cold loads that
 * way, 120 s each: the preview answered its "not built yet" page for index.html, or 404 for a page
 * chunk, and the page never showed its first screen. A snapshot cannot change under the run.
 */
export async function snapshotBuild(app: PreviewApp, into: string, { timeoutMs = 120_000, log }: { timeoutMs?: number; log?: (m: string) => void } = {}): Promise<PreviewApp> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    let why: string | null
    try {
      why = buildProblem(app.dir)
      if (!why) {
        const before = listing(app.dir)
        fs.rmSync(into, { recursive: true, force: true })
        fs.cpSync(app.dir, into, { recursive: true, preserveTimestamps: true })
        if (listing(app.dir) === before) return { ...app, dir: into }
        why = 'it changed while it was copied'
      }
    } catch (e) {
      why = `a file went away while it was read: ${(e as Error).message}` // a build deleting its output
    }
    if (Date.now() >= deadline) throw new Error(`no complete H5 build of ${app.name} within ${Math.round(timeoutMs / 1000)} s (${why}): is a build running? Build it with node scripts/build.mjs h5 ${app.name}`)
    log?.(`${app.name}: waiting for a complete, unchanging H5 build (${why})`)
    await new Promise((r) => setTimeout(r, 2000))
  }
}
