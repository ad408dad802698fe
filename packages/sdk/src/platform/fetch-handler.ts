import type { FakeHandler } from './fake'

const BINARY_TYPES = /^(audio|video|image)\/|octet-stream/i

/** A fetch-shaped server (a Hono app's `fetch`, the wechat-sandbox's). */
export type FetchServer = (request: Request) => Response | Promise<Response>

/**
 * Routes the fake platform's requests to in-process fetch servers by path prefix, e.g.
 * `{ '/wechat-sandbox': sandbox.fetch, '': api.fetch }`: the prefix is stripped when it is
 * not empty (a mounted app sees its own paths). Tests only (needs the runtime's Request).
 */
export function fetchHandler(routes: Record<string, FetchServer>, origin = 'http://127.0.0.1'): FakeHandler {
  const prefixes = Object.keys(routes).sort((a, b) => b.length - a.length)
  return async (req) => {
    const prefix = prefixes.find((p) => p === '' || req.path === p || req.path.startsWith(`${p}/`))
    if (prefix === undefined) return { status: 404, body: { code: 'NOT_FOUND', message: `no server for ${req.path}` } }
    const server = routes[prefix] as FetchServer
    const body = req.bytes ? (req.bytes as Uint8Array<ArrayBuffer>) : req.body
    const response = await server(new Request(origin + (req.path.slice(prefix.length) || '/'), { method: req.method, headers: req.headers, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body }))
    const headers: Record<string, string> = {}
    response.headers.forEach((value, name) => (headers[name] = value))
    // Media (a download) comes back as bytes; everything else as text.
    const binary = BINARY_TYPES.test(headers['content-type'] ?? '')
    return { status: response.status, headers, body: binary ? new Uint8Array(await response.arrayBuffer()) : await response.text() }
  }
}
