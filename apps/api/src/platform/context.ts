import type { Logger } from './logging'
import type { SpooledFile } from './media/spool'

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
    /** POST /api/media: the uploaded file, already streamed to disk (modules/media spoolUploads). */
    upload?: SpooledFile
    /**
     * Set by a middleware that consumed the body as a stream (the upload spool): what the body
     * was, for the idempotency fingerprint, which then does not read the body itself.
     */
    bodyDigest?: string
  }
}
