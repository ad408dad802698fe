import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../context'

/** Below this a body is sent as it is: the encoding's own overhead would eat most of the saving. */
export const COMPRESS_MIN_BYTES = 256
/**
 * Brotli 5: on the catalogue's 3–10 KB answers it comes within a few per cent of quality 11 at
 * a fraction of the time (≈ 0.1 ms); the bytes are what a 2G phone pays for.
 */
const BROTLI_QUALITY = 5
/** Compressed answers kept by ETag (the same answer for every caller costs one compression). */
const KEPT_MAX = 500

type Encoding = 'br' | 'gzip'

/** The best encoding the client takes (`Accept-Encoding`, q=0 meaning "not this"), or null. */
export function pickEncoding(acceptEncoding: string | undefined): Encoding | null {
  if (!acceptEncoding) return null
  const taken = new Set<string>()
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    if (q !== undefined && Number(q.slice(2)) === 0) continue
    taken.add(name.trim())
  }
  if (taken.has('br')) return 'br'
  if (taken.has('gzip') || taken.has('*')) return 'gzip'
  return null
}

function compress(body: Uint8Array, encoding: Encoding): Uint8Array<ArrayBuffer> {
  return encoding === 'br'
    ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } })
    : gzipSync(body, { level: 6 })
}

/**
 * JSON answers compressed for the clients that say they take it (browsers, WeChat's wx.request and
 * Node's fetch all do, and undo it themselves): a catalogue page of six products is 3.5 KB as
 * text and about a third of that in brotli, which on 2G is a second. The API's other bytes are
 * media, which is compressed already and not touched here.
 *
 * An answer with an ETag (every JSON read: platform/http/revalidate) is compressed once per tag
 * and encoding and then kept, so the cached catalogue reads stay a map lookup. The ETag stays as
 * it is: it is weak, and names the same JSON in either encoding.
 */
export function compressJson(): MiddlewareHandler<AppEnv> {
  const kept = new Map<string, Uint8Array<ArrayBuffer>>()
  return async (c, next) => {
    await next()
    const res = c.res
    if (!res.body || res.headers.has('content-encoding') || !res.headers.get('content-type')?.startsWith('application/json')) return
    const encoding = pickEncoding(c.req.header('accept-encoding'))
    // Either way the answer depends on the header: no cache between may hand brotli to a client without it.
    res.headers.append('Vary', 'Accept-Encoding')
    if (!encoding) return
    const headers = new Headers(res.headers)
    const tag = res.headers.get('etag')
    // Only our weak tags (revalidate.ts: the SHA-1 of the JSON) name exactly one body.
    const key = tag?.startsWith('W/') ? `${encoding} ${tag}` : null
    // Kept from an earlier answer with this tag: the body need not even be read.
    let out = key ? kept.get(key) : undefined
    if (!out) {
      const body = new Uint8Array(await res.arrayBuffer())
      if (body.byteLength < COMPRESS_MIN_BYTES) {
        c.res = undefined
        c.res = new Response(body, { status: res.status, headers })
        return
      }
      out = compress(body, encoding)
      if (key) {
        if (kept.size >= KEPT_MAX) kept.delete(kept.keys().next().value as string)
        kept.set(key, out)
      }
    }
    headers.set('Content-Encoding', encoding)
    headers.set('Content-Length', String(out.byteLength))
    c.res = undefined
    c.res = new Response(out, { status: res.status, headers })
  }
}
