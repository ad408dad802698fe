import { isIP } from 'node:net'
import type { Context } from 'hono'
import type { AppEnv } from '../context'

export interface ProxyTrust {
  /** TRUST_PROXY: requests come through our own proxies, which append to X-Forwarded-For. */
  trustProxy: boolean
  /** TRUST_PROXY_HOPS: how many of our proxies a request passes (1: one load balancer). */
  hops: number
}

/**
 * The caller's address, for per-IP limits. Without a trusted proxy: the socket's peer. Behind N
 * trusted proxies: the Nth entry of X-Forwarded-For from the right — the address our outermost
 * proxy saw and appended. Entries left of it are whatever the client sent, so anybody could put
 * a fresh address there on every request; they are never used.
 */
export function clientIp(c: Context<AppEnv>, trust: ProxyTrust): string {
  const peer = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress ?? 'unknown'
  if (!trust.trustProxy) return peer
  // Several X-Forwarded-For headers arrive joined with ", " (Node), in the order they were added.
  const entries = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
  const appended = entries[entries.length - trust.hops]
  // Fewer entries than proxies (or not an address): the request did not come the way we expect.
  return appended !== undefined && isIP(appended) !== 0 ? appended : peer
}
