import { createHash } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../context'

/** Whether an If-None-Match header names this tag (a list, `*`, weak or strong forms alike). */
function matches(ifNoneMatch: string, tag: string): boolean {
  const opaque = tag.replace(/^W\//, '')
  return ifNoneMatch.split(',').some((t) => {
    const v = t.trim()
    return v === '*' || v.replace(/^W\//, '') === opaque
  })
}

/** The weak ETag of a JSON body (SHA-1, base64url): the same body gets the same tag in every process. */
export const weakTag = (body: string) => `W/"${createHash('sha1').update(body).digest('base64url')}"`

/**
 * JSON reads that a phone may ask for again: a weak ETag from the body, and 304 with no body
 * when the phone's copy (the SDK's stale-while-revalidate cache sends If-None-Match) is still
 * right. On a repeat visit the doctor list, the catalogue or an order then costs a few hundred
 * bytes instead of kilobytes. `private, no-cache`: the phone may keep the copy but must ask
 * before using it, and no shared cache keeps one person's answer. Writes, errors and non-JSON
 * (media has its own immutable ETags) are left alone.
 *
 * The body is read once and hashed with node:crypto (SHA-1 over ~5 KB ≈ 10 µs): hono's etag()
 * clones the response and hashes with WebCrypto, which measured ~2× the cost on the catalogue.
 * An answer that already carries an ETag (platform/http/read-cache: the tag was computed when the
 * answer was cached) is not read or hashed again.
 */
export function revalidatable(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next()
    if (c.req.method !== 'GET' || c.res.status !== 200 || !c.res.headers.get('content-type')?.startsWith('application/json')) return
    const asked = c.req.header('if-none-match')
    const known = c.res.headers.get('etag')
    if (known) {
      c.res.headers.set('Cache-Control', 'private, no-cache')
      if (asked && matches(asked, known)) {
        const headers = new Headers(c.res.headers)
        c.res = undefined
        c.res = new Response(null, { status: 304, headers: withoutBodyHeaders(headers) })
      }
      return
    }
    const body = await c.res.text()
    const tag = weakTag(body)
    const headers = new Headers(c.res.headers)
    headers.set('ETag', tag)
    headers.set('Cache-Control', 'private, no-cache')
    c.res = undefined
    c.res = asked && matches(asked, tag) ? new Response(null, { status: 304, headers: withoutBodyHeaders(headers) }) : new Response(body, { status: 200, headers })
  }
}

/** A 304 carries the validators and caching headers, not the body's type or length. */
function withoutBodyHeaders(headers: Headers): Headers {
  headers.delete('content-type')
  headers.delete('content-length')
  return headers
}
