import pino, { type DestinationStream, type Logger } from 'pino'

export type { Logger }

/**
 * Structured JSON logs. Secrets are redacted by key wherever they appear, as a second line of
 * defence: code never logs them on purpose (session_key, tokens, phone numbers, codes).
 */
export const REDACTED_KEYS = [
  'session_key',
  'sessionKey',
  'wechat_session_key',
  'token',
  'access_token',
  'accessToken',
  'authorization',
  'secret',
  'code',
  'phone',
  'phoneNumber',
  'purePhoneNumber',
]

export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const paths = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`])
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'tianyuan-api' },
      redact: { paths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    // stdout, buffered (up to 4 KB) instead of one write per line: server.ts flushes on shutdown.
    options.destination ?? pino.destination({ dest: 1, sync: false, minLength: 4096 }),
  )
}
