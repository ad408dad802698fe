import type { Logger } from './logging'

/** Who is calling, as the session middleware found out. */
export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'invalid' } // a token was sent but is unknown, revoked or expired
  | { kind: 'user'; userId: string; tokenHash: string }

/** The Hono environment every router shares. */
export interface AppEnv {
  Variables: {
    requestId: string
    log: Logger
    caller: Caller
  }
}
