import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

/**
 * Whose bytes count as the SDK's: its own source, and the one library only it depends on
 * (thumbhash, the placeholder decoder). Webpack's module names, e.g.
 * `../../packages/sdk/src/request/client.ts` or `../../node_modules/.pnpm/thumbhash@0.1.1/…`.
 */
export function isSdkModule(name: string): boolean {
  const n = name.replace(/\\/g, '/').split('!').pop() ?? ''
  return /(^|\/)packages\/sdk\/src\/|@tianyuan\/sdk\/|node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?thumbhash\//.test(n)
}

/** dist/stats-weapp.json as tools/taro-config's stats plugin writes it. */
export interface WebpackStats {
  generatedAt: string
  chunks: { id: string | number | null; files: string[]; modules: { name?: string; size: number; id?: string | number | null }[] }[]
}

export interface SdkModuleBytes {
  /** The module id: its key in the chunk's module table. */
  id: string
  /** The SDK files in it (several when webpack concatenated them into one module). */
  names: string[]
  /** Exact bytes of `id:function(…){…}` in the emitted file. */
  bytes: number
  file: string
}

export interface SdkBytes {
  /** The SDK's bytes in the given files (the main package's), exact. */
  bytes: number
  modules: SdkModuleBytes[]
  /**
   * Modules that mix SDK and other code (webpack concatenated an SDK file into an app file):
   * their bytes are split by source size, the one approximate part. Expected empty.
   */
  mixed: { id: string; file: string; sdkShare: number; bytes: number }[]
}

/**
 * The module table of a webpack chunk as emitted for weapp:
 * `(wx.webpackJsonp=…).push([[chunkIds],{123:function(e,t,n){…},…}])` — each module id with
 * the exact bytes of its entry (key, colon and function; not the commas between entries).
 */
export function moduleTable(source: string): Map<string, number> {
  const file = ts.createSourceFile('chunk.js', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS)
  const table = new Map<string, number>()
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'push') {
      const [chunk] = node.arguments
      const modules = chunk && ts.isArrayLiteralExpression(chunk) ? chunk.elements[1] : undefined
      if (modules && ts.isObjectLiteralExpression(modules)) {
        for (const entry of modules.properties) {
          if (!entry.name || !(ts.isNumericLiteral(entry.name) || ts.isStringLiteral(entry.name) || ts.isIdentifier(entry.name))) continue
          table.set(entry.name.text, Buffer.byteLength(source.slice(entry.getStart(file), entry.end)))
        }
        return
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return table
}

/**
 * The SDK's exact bytes in some emitted files (an app's main package): every module entry in
 * those files whose webpack module (from the stats, by id) is SDK code. Stats say which module
 * an id is; the emitted file says how many bytes it is after minification.
 */
export function sdkBytesIn(distDir: string, files: string[], stats: WebpackStats): SdkBytes {
  const parts = new Map<string, { name: string; size: number }[]>()
  for (const chunk of stats.chunks) {
    for (const m of chunk.modules) {
      if (m.id === undefined || m.id === null) continue
      const id = String(m.id)
      const list = parts.get(id) ?? []
      if (!list.some((p) => p.name === m.name)) list.push({ name: m.name ?? '', size: m.size })
      parts.set(id, list)
    }
  }
  const result: SdkBytes = { bytes: 0, modules: [], mixed: [] }
  for (const file of files.filter((f) => f.endsWith('.js'))) {
    for (const [id, bytes] of moduleTable(fs.readFileSync(path.join(distDir, file), 'utf8'))) {
      const inside = parts.get(id) ?? []
      const sdk = inside.filter((p) => isSdkModule(p.name))
      if (!sdk.length) continue
      const sdkSize = sdk.reduce((a, p) => a + p.size, 0)
      const allSize = inside.reduce((a, p) => a + p.size, 0)
      const share = sdk.length === inside.length ? 1 : sdkSize / allSize
      if (share < 1) result.mixed.push({ id, file, sdkShare: share, bytes })
      const counted = Math.round(bytes * share)
      result.bytes += counted
      result.modules.push({ id, names: sdk.map((p) => p.name), bytes: counted, file })
    }
  }
  result.modules.sort((a, b) => b.bytes - a.bytes)
  return result
}

/** Reads dist/stats-weapp.json beside dist/weapp; refuses one older than the build. */
export function readWeappStats(distDir: string): WebpackStats {
  const statsFile = path.join(distDir, '..', 'stats-weapp.json')
  const appJs = path.join(distDir, 'app.js')
  if (!fs.existsSync(statsFile)) throw new Error(`${statsFile} not found: build the app for weapp again (tools/taro-config writes it with every weapp build)`)
  // The stats are written when webpack is done, after it emitted app.js.
  if (fs.existsSync(appJs) && fs.statSync(statsFile).mtimeMs + 1000 < fs.statSync(appJs).mtimeMs) throw new Error(`${statsFile} is older than the build: build the app for weapp again`)
  const stats = JSON.parse(fs.readFileSync(statsFile, 'utf8')) as WebpackStats
  if (!stats.chunks.some((c) => c.modules.some((m) => m.id !== undefined))) throw new Error(`${statsFile} has no module ids: build the app for weapp again`)
  return stats
}
