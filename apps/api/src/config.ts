import path from 'node:path'
import { z } from 'zod'

/** The repository root (apps/api/src → ../../..): the default home of `data/`. */
export const REPO_ROOT = path.resolve(__dirname, '../../..')

const Int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .default(String(fallback))
    .transform((s, ctx) => {
      const n = Number(s)
      if (!/^\d+$/.test(s.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer from ${min} to ${max}` })
        return z.NEVER
      }
      return n
    })

const Bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((s) => s === 'true' || s === '1' || s === 'yes')

/** Every environment variable the API reads. The README's table lists the same ones. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: Int(3000, 0, 65535),
  DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .optional()
    .refine((s) => s === undefined || s === '' || /^(postgres|postgresql):\/\//.test(s) || /^(sqlite|file):/.test(s), {
      message: 'must be postgres://…, postgresql://…, sqlite:<path> or file:<path>',
    }),
  MEDIA_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WECHAT_API_BASE: z.url({ protocol: /^https?$/ }).default('https://api.weixin.qq.com'),
  WECHAT_APPID: z.string().min(1).default('wx-dev-appid'),
  WECHAT_SECRET: z.string().min(1).default('wx-dev-secret'),
  WECHAT_TIMEOUT_MS: Int(8000, 100, 60_000),
  SESSION_TTL_HOURS: Int(24 * 30, 1, 24 * 365),
  LOGIN_LIMIT_PER_IP_PER_MINUTE: Int(30, 1, 100_000),
  LOGIN_LIMIT_PER_OPENID_PER_MINUTE: Int(10, 1, 100_000),
  TRUST_PROXY: Bool(false),
  BODY_LIMIT_BYTES: Int(64 * 1024, 1024, 10 * 1024 * 1024),
  MEDIA_MAX_BYTES: Int(10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
  MEDIA_MAX_PIXELS: Int(40_000_000, 10_000, 300_000_000),
  SHUTDOWN_TIMEOUT_MS: Int(10_000, 0, 120_000),
})

export type DatabaseTarget =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string }

export interface Config {
  env: 'development' | 'test' | 'production'
  host: string
  port: number
  dataDir: string
  database: DatabaseTarget
  mediaDir: string
  logLevel: string
  wechat: { apiBase: string; appId: string; secret: string; timeoutMs: number }
  sessionTtlMs: number
  loginLimitPerIpPerMinute: number
  loginLimitPerOpenidPerMinute: number
  trustProxy: boolean
  bodyLimitBytes: number
  mediaMaxBytes: number
  mediaMaxPixels: number
  shutdownTimeoutMs: number
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Reads the configuration from environment variables. Throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, so `FOO= node …` falls back to the default.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = EnvSchema.safeParse(present)
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`))
  }
  const e = parsed.data
  const problems: string[] = []
  if (e.NODE_ENV === 'production') {
    if (e.WECHAT_APPID === 'wx-dev-appid') problems.push('WECHAT_APPID: must be set in production')
    if (e.WECHAT_SECRET === 'wx-dev-secret') problems.push('WECHAT_SECRET: must be set in production')
  }
  if (problems.length) throw new ConfigError(problems)

  const dataDir = path.resolve(e.DATA_DIR ?? path.join(REPO_ROOT, 'data'))
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir,
    database: parseDatabaseUrl(e.DATABASE_URL, dataDir),
    mediaDir: path.resolve(e.MEDIA_DIR ?? path.join(dataDir, 'media')),
    logLevel: e.LOG_LEVEL,
    wechat: {
      apiBase: e.WECHAT_API_BASE.replace(/\/+$/, ''),
      appId: e.WECHAT_APPID,
      secret: e.WECHAT_SECRET,
      timeoutMs: e.WECHAT_TIMEOUT_MS,
    },
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    loginLimitPerIpPerMinute: e.LOGIN_LIMIT_PER_IP_PER_MINUTE,
    loginLimitPerOpenidPerMinute: e.LOGIN_LIMIT_PER_OPENID_PER_MINUTE,
    trustProxy: e.TRUST_PROXY,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    mediaMaxBytes: e.MEDIA_MAX_BYTES,
    mediaMaxPixels: e.MEDIA_MAX_PIXELS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  }
}

function parseDatabaseUrl(url: string | undefined, dataDir: string): DatabaseTarget {
  if (!url) return { kind: 'sqlite', file: path.join(dataDir, 'tianyuan.db') }
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url }
  const file = url.replace(/^(sqlite|file):(\/\/)?/, '')
  return { kind: 'sqlite', file: file === ':memory:' ? file : path.resolve(dataDir, file) }
}
