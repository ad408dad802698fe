import { createHash, randomBytes } from 'node:crypto'

/** A random, URL-safe id: 128 bits, 22 characters. Unguessable, so ids never reveal counts. */
export function newId(): string {
  return randomBytes(16).toString('base64url')
}

let sortableSeq = 0
/**
 * A time-ordered id, for rows read back in the order they were made (an order's events, a
 * consultation's messages): 9 base-36 characters of the time (ms), 6 of a per-process counter (so
 * the rows of one millisecond keep their order), then 8 random URL-safe characters — 23 in all,
 * within the one id shape (`[A-Za-z0-9_-]{1,64}`). Ids compare as plain text (`ORDER BY id`) in
 * SQLite and PostgreSQL alike: the time and counter use only `0-9a-z`. The format is the one the
 * market and clinic wrote before it moved here, so ids already stored sort among the new ones.
 * Across instances, rows of one millisecond may interleave either way; each instance's stay in order.
 */
export function newSortableId(at: number = Date.now()): string {
  sortableSeq = (sortableSeq + 1) % 36 ** 6
  return `${Math.max(0, Math.floor(at)).toString(36).padStart(9, '0')}${sortableSeq.toString(36).padStart(6, '0')}${newId().slice(0, 8)}`
}

/** A session token: 256 random bits. Only its sha256 is stored. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url')
}

export function sha256Hex(input: string | Uint8Array): string {
  return createHash('sha256').update(input).digest('hex')
}
