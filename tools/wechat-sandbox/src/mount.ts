// In-process mounting under a path prefix of the API's Hono app, and never in production.
import type { Env, Hono } from 'hono'
import { isProduction } from './keys'
import { createWechatSandbox, type WechatSandbox, type WechatSandboxOptions } from './app'

export const DEFAULT_BASE_PATH = '/wechat-sandbox'

export interface MountOptions extends WechatSandboxOptions {
  /** Where the sandbox answers; WeChat's paths follow it. Default /wechat-sandbox. */
  basePath?: string
}

/**
 * Mounts the sandbox on `app` at `basePath` and returns it, or returns null and mounts
 * nothing when NODE_ENV (or `options.env`) is production. The API's WeChat base URLs then
 * point at `<origin><basePath>`: requests reach the sandbox with the prefix removed, so the
 * path a merchant signs is the same `/v3/…` it signs for the real WeChat.
 */
export function mountWechatSandbox<E extends Env>(app: Hono<E>, options: MountOptions): WechatSandbox | null {
  if (isProduction(options.env ?? process.env.NODE_ENV)) return null
  const base = (options.basePath ?? DEFAULT_BASE_PATH).replace(/\/+$/, '')
  if (!/^\/[A-Za-z0-9/_-]+$/.test(base)) throw new Error(`basePath must look like /wechat-sandbox, got ${base}`)
  const sandbox = createWechatSandbox(options)
  const forward = async (raw: Request): Promise<Response> => {
    const url = new URL(raw.url)
    url.pathname = url.pathname.slice(base.length) || '/'
    const hasBody = raw.method !== 'GET' && raw.method !== 'HEAD'
    return sandbox.fetch(
      new Request(url, { method: raw.method, headers: raw.headers, body: hasBody ? await raw.arrayBuffer() : undefined }),
    )
  }
  app.all(base, (c) => forward(c.req.raw))
  app.all(`${base}/*`, (c) => forward(c.req.raw))
  return sandbox
}
