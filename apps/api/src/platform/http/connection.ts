import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../context'

/**
 * A 413 is answered before the body is read, and the server then stops reading it (the Node
 * adapter drains a refused body only briefly, then destroys the socket). Saying `Connection: close`
 * makes that honest: the client does not put the connection back in its pool, so its next request
 * opens a new one instead of failing on a socket the server is about to close.
 */
export function closeAfterRefusedBody(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next()
    if (c.res.status === 413) c.res.headers.set('Connection', 'close')
  }
}
