import { AsyncLocalStorage } from 'node:async_hooks'
import { createHash } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import type { Kysely, Transaction } from 'kysely'
import type { AppEnv } from './context'
import type { Database } from './db'
import { AppError } from './errors'

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000
/** A claim older than this is from a crashed instance: another request may take it over. */
export const IDEMPOTENCY_STALE_MS = 5 * 60_000
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/

/** The key this request holds, while its handler runs (for answerInTransaction). */
interface Claim {
  userId: string
  key: string
  claimedAt: number
}
const currentClaim = new AsyncLocalStorage<Claim>()

/**
 * Stores the answer to the current request in the transaction that does its work, so that the
 * work and its answer commit together: a crash after the commit (before the middleware could store
 * the answer itself) still leaves a retry the first answer to replay, never the work to run again.
 * Call it as the last step of a write transaction, with exactly what the route will answer (JSON).
 * Outside a request with an Idempotency-Key it does nothing.
 *
 * If this request's claim on the key is gone (it ran past the stale window and another instance
 * took the key over), it throws 409 IDEMPOTENCY_IN_PROGRESS, which rolls the work back: only one
 * of the two runs can commit.
 */
export async function answerInTransaction<D>(trx: Transaction<D>, status: number, body: unknown): Promise<void> {
  const claim = currentClaim.getStore()
  if (!claim) return
  // The idempotency table is in every database; a domain's transaction is typed with its own tables only.
  const db = trx as unknown as Transaction<Database>
  const stored = await db
    .updateTable('idempotency_keys')
    .set({ state: 'done', status, content_type: 'application/json', body: Buffer.from(JSON.stringify(body)).toString('base64') })
    .where('user_id', '=', claim.userId)
    .where('key', '=', claim.key)
    .where('claimed_at', '=', claim.claimedAt)
    .where('state', '=', 'running')
    .executeTakeFirst()
  if (Number(stored.numUpdatedRows) !== 1) throw inProgress()
}

const inProgress = () => new AppError(409, 'IDEMPOTENCY_IN_PROGRESS', '上一次提交还在处理中，请稍等几秒再看结果', undefined, { 'Retry-After': '2' })

export interface IdempotencyOptions {
  /**
   * Tests only (createApp wires it when NODE_ENV=test and TIANYUAN_TEST_CRASH_AFTER_COMMIT=1): runs
   * after the handler's work has committed and before the answer is stored here, so that a test can
   * `kill -9` the process in exactly that window.
   */
  afterWork?: (c: Context<AppEnv>) => void
}

/**
 * `Idempotency-Key` for every mutating route, scoped per user (Stripe / IETF httpapi draft):
 * - first request: the key is claimed atomically (insert-if-absent), the handler runs, and its
 *   response (anything below 500) is stored for 24 h;
 * - same key and same request again: the stored response is replayed (`Idempotent-Replayed: true`);
 * - same key, different request: 422 IDEMPOTENCY_KEY_REUSED;
 * - same key while the first is still running: 409 IDEMPOTENCY_IN_PROGRESS (retry shortly).
 * A 5xx or a thrown error releases the key so that a retry can run the work again — unless the
 * work stored its answer in its own transaction (answerInTransaction: orders, bookings, listings),
 * which then is the answer, whatever happened after the commit.
 * A claim older than IDEMPOTENCY_STALE_MS is taken over by a retry (the first instance crashed).
 * Anonymous requests (login) are not stored: the stored response would hold a session token.
 */
export function idempotency(db: Kysely<Database>, now: () => number, options: IdempotencyOptions = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!MUTATING.has(c.req.method)) return next()
    const key = c.req.header('idempotency-key')
    if (key === undefined) return next()
    if (!KEY_PATTERN.test(key)) {
      throw new AppError(400, 'IDEMPOTENCY_KEY_INVALID', '请求编号格式不对，请更新小程序后再试', {
        issues: [{ field: 'Idempotency-Key', message: '应为 1 到 255 个可见 ASCII 字符' }],
      })
    }
    const caller = c.get('caller')
    if (caller.kind !== 'user') return next()
    const userId = caller.userId
    const requestHash = await fingerprint(c)

    for (let attempt = 0; attempt < 3; attempt++) {
      const t = now()
      const claimed = await db
        .insertInto('idempotency_keys')
        .values({
          user_id: userId,
          key,
          request_hash: requestHash,
          state: 'running',
          claimed_at: t,
          expires_at: t + IDEMPOTENCY_TTL_MS,
          status: null,
          content_type: null,
          body: null,
        })
        .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst()
      if (claimed) return runAndStore(c, next, db, userId, key, t, options)

      const existing = await db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('user_id', '=', userId)
        .where('key', '=', key)
        .executeTakeFirst()
      if (!existing) continue // released between our insert and select: claim again
      if (existing.expires_at <= t) {
        await db.deleteFrom('idempotency_keys').where('user_id', '=', userId).where('key', '=', key).where('expires_at', '<=', t).execute()
        continue
      }
      if (existing.request_hash !== requestHash) {
        throw new AppError(422, 'IDEMPOTENCY_KEY_REUSED', '这个请求编号已用于另一项操作，请重新提交', {
          issues: [{ field: 'Idempotency-Key', message: '同一个编号对应了不同的请求内容' }],
        })
      }
      if (existing.state === 'done') return replay(existing.status ?? 200, existing.content_type, existing.body)
      if (existing.claimed_at < t - IDEMPOTENCY_STALE_MS) {
        // Take over a claim abandoned by a crashed instance; only one taker wins the conditional update.
        const taken = await db
          .updateTable('idempotency_keys')
          .set({ claimed_at: t })
          .where('user_id', '=', userId)
          .where('key', '=', key)
          .where('state', '=', 'running')
          .where('claimed_at', '=', existing.claimed_at)
          .executeTakeFirst()
        if (Number(taken.numUpdatedRows) === 1) return runAndStore(c, next, db, userId, key, t, options)
      }
      throw inProgress()
    }
    throw inProgress()
  }
}

async function runAndStore(
  c: Context<AppEnv>,
  next: () => Promise<void>,
  db: Kysely<Database>,
  userId: string,
  key: string,
  claimedAt: number,
  options: IdempotencyOptions,
): Promise<void> {
  // Only a claim still running is released: an answer stored with the work (answerInTransaction) stays.
  const release = () =>
    db
      .deleteFrom('idempotency_keys')
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .where('claimed_at', '=', claimedAt)
      .where('state', '=', 'running')
      .execute()
  try {
    await currentClaim.run({ userId, key, claimedAt }, next)
  } catch (error) {
    await release()
    throw error
  }
  options.afterWork?.(c)
  // A 5xx, and a 429 ("try again in N seconds"), are not the request's answer: replaying them for
  // 24 h would keep refusing a retry the server would now accept.
  if (c.res.status >= 500 || c.res.status === 429) {
    await release()
    return
  }
  const body = Buffer.from(await c.res.clone().arrayBuffer()).toString('base64')
  await db
    .updateTable('idempotency_keys')
    .set({ state: 'done', status: c.res.status, content_type: c.res.headers.get('content-type'), body })
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .where('claimed_at', '=', claimedAt)
    .where('state', '=', 'running') // not over an answer already stored with the work
    .execute()
}

function replay(status: number, contentType: string | null, body: string | null): Response {
  const headers = new Headers({ 'Idempotent-Replayed': 'true' })
  if (contentType) headers.set('content-type', contentType)
  const bytes = body ? Buffer.from(body, 'base64') : null
  return new Response(status === 204 || status === 304 ? null : bytes, { status, headers })
}

/**
 * What "the same request" means: method, path and body. Multipart bodies are compared by their
 * fields and file contents, not their bytes, because a retried upload gets a new boundary; a photo
 * upload by the sha256 of its file, computed while it streamed to disk (`bodyDigest`).
 */
async function fingerprint(c: Context<AppEnv>): Promise<string> {
  const hash = createHash('sha256').update(`${c.req.method} ${c.req.path}\n`)
  const contentType = c.req.header('content-type') ?? ''
  const digest = c.get('bodyDigest')
  if (digest !== undefined) {
    // The body was streamed elsewhere (an upload spooled to disk and hashed on the way): not read twice.
    hash.update(`digest:${digest}`)
  } else if (/^multipart\/form-data/i.test(contentType)) {
    let form: Record<string, string | File | (string | File)[]>
    try {
      form = await c.req.parseBody({ all: true })
    } catch {
      throw new AppError(400, 'BAD_REQUEST', '上传的内容不完整，请重新上传')
    }
    for (const name of Object.keys(form).sort()) {
      const values = ([] as (string | File)[]).concat(form[name] ?? [])
      for (const value of values) {
        hash.update(`\n${name}=`)
        if (typeof value === 'string') hash.update(`s:${value}`)
        else hash.update(`f:${value.type}:`).update(new Uint8Array(await value.arrayBuffer()))
      }
    }
  } else {
    hash.update(`${contentType.split(';')[0]?.trim().toLowerCase()}\n`).update(new Uint8Array(await c.req.arrayBuffer()))
  }
  return hash.digest('hex')
}
