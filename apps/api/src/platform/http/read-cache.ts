import type { Context } from 'hono'
import type { AppEnv } from '../context'
import { weakTag } from './revalidate'

/**
 * Public reads (the market's catalogue) answered from memory while the catalogue has not changed.
 *
 * Every lookup first asks the database for the catalogue's version (`Db.catalogueVersion`: the
 * sum of a few counter rows that triggers on the catalogue's tables raise in the same transaction
 * as the change — migration 0019; one small indexed read). An answer is kept only under the version
 * read before it was computed, and the whole cache is dropped when the version moves. So a seller's
 * new price, a product taken off sale or a sold-out stock is in the very next read from any API
 * process on the same database: there is no TTL and no message between processes to miss. Writes
 * that the cached reads do not read — a sign-in's session, a cart, an address, a booking, a
 * lesson's progress — leave the version, and so the cache, as it is; so does any write on
 * PostgreSQL outside this database's catalogue tables (another schema, another database).
 *
 * Why the order matters: whatever is read after the version sees at least the state it names (the
 * version and the rows it counts commit together), so an answer is never older than the version it
 * is kept under; it may be newer, which the next version read notices.
 *
 * Kept per answer: the JSON text and its weak ETag (revalidatable() uses it instead of hashing the
 * body again, so a 304 costs no serialisation either). Only answers that are the same for every
 * caller may be cached (the key must name everything the answer depends on).
 */
export interface ReadCache {
  /**
   * Answers `c` with the JSON of `compute()` for `key` (200), from memory when the database has
   * not changed since it was computed. `shareable(value)` false: answered but not kept (e.g. a
   * product only its seller may see). Errors thrown by `compute` pass through and are not kept.
   */
  json<T>(c: Context<AppEnv>, key: string, compute: () => Promise<T>, shareable?: (value: T) => boolean): Promise<Response>
  /** Answers served from memory and computed, since the start (GET /readyz does not show them; tests and the bench do). */
  stats(): { hits: number; misses: number; entries: number }
}

export interface ReadCacheOptions {
  /** Db.catalogueVersion: changes whenever something the cached answers read has changed (and committed). */
  version: () => Promise<string>
  /** At most this many answers (the oldest goes first): ~10 KB each for a product page of 20. */
  maxEntries?: number
}

interface Entry {
  body: string
  tag: string
}

export function createReadCache(options: ReadCacheOptions): ReadCache {
  const maxEntries = options.maxEntries ?? 500
  let version: string | null = null
  const entries = new Map<string, Entry>()
  let hits = 0
  let misses = 0

  // One version read in flight at a time. A request that comes while one is in flight waits for
  // the next one, which starts after that: a read that may have started before the request came
  // could miss a commit the caller has already seen; one sent after it came cannot. On PostgreSQL
  // (a round trip each) 20 concurrent reads then take one or two pool connections, not 20.
  let inFlight: Promise<string> | null = null
  let queued: Promise<string> | null = null
  const readVersion = (): Promise<string> => {
    if (!inFlight) {
      inFlight = options.version().finally(() => {
        inFlight = null
      })
      return inFlight
    }
    queued ??= inFlight
      .catch(() => undefined)
      .then(() => {
        queued = null
        return readVersion()
      })
    return queued
  }

  const answer = (c: Context<AppEnv>, entry: Entry, state: 'hit' | 'miss') =>
    c.body(entry.body, 200, { 'Content-Type': 'application/json', ETag: entry.tag, 'X-Cache': state })

  return {
    async json(c, key, compute, shareable) {
      // The version first, then the data: whatever is read after it is at least this state, so an
      // answer kept under it is never older than what the version promises.
      const seen = await readVersion()
      if (seen !== version) {
        entries.clear()
        version = seen
      }
      const kept = entries.get(key)
      if (kept) {
        hits++
        return answer(c, kept, 'hit')
      }
      misses++
      const value = await compute()
      const body = JSON.stringify(value)
      const entry = { body, tag: weakTag(body) }
      // Another request may have seen a newer version meanwhile: this answer may predate it.
      if (version === seen && (shareable?.(value) ?? true)) {
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string)
        entries.set(key, entry)
      }
      return answer(c, entry, 'miss')
    },
    stats: () => ({ hits, misses, entries: entries.size }),
  }
}
