import { createHash } from 'node:crypto'
import type { ProductSort } from '@tianyuan/contracts'
import { errors } from '../../platform/errors'

// The product list's cursor: where the next page starts, as the sort's key and the id of the last
// row shown (keyset pagination). Opaque to the phone — base64url of a small JSON array — and
// checked when it comes back: a checksum over the position and the filter it was made for
// (search words, category, shop, sort), so an edited, truncated or re-used cursor is a 400 rather
// than a page of the wrong list. Not a secret: the position only says where in public data to start.

export interface ProductPosition {
  sort: ProductSort
  /** matchRank of the last row shown when searching with words; null without words. */
  rank: number | null
  /** created_at (newest) or price_fen (price sorts) of the last row shown. */
  key: number
  id: string
  /** The page number the cursor opens (the first page is 1). */
  page: number
}

const VERSION = 1
const CHECK_CHARS = 10

const checksum = (payload: string, filter: string) => createHash('sha256').update(`${payload}\n${filter}`).digest('base64url').slice(0, CHECK_CHARS)

const invalid = () => errors.badRequest('翻页位置无效，请回到第一页重新浏览（「cursor」）')

export function encodeCursor(position: ProductPosition, filter: string): string {
  const payload = JSON.stringify([VERSION, position.sort, position.rank, position.key, position.id, position.page])
  return Buffer.from(`${payload}${checksum(payload, filter)}`, 'utf8').toString('base64url')
}

/** The position in `cursor`, made for this `filter` and `sort`; anything else → 400. */
export function decodeCursor(cursor: string, filter: string, sort: ProductSort): ProductPosition {
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  const payload = text.slice(0, -CHECK_CHARS)
  if (text.length <= CHECK_CHARS || checksum(payload, filter) !== text.slice(-CHECK_CHARS)) throw invalid()
  let value: unknown
  try {
    value = JSON.parse(payload)
  } catch {
    throw invalid()
  }
  if (!Array.isArray(value) || value.length !== 6) throw invalid()
  const [version, s, rank, key, id, page] = value as unknown[]
  if (version !== VERSION || s !== sort) throw invalid()
  if (!(rank === null || (Number.isSafeInteger(rank) && (rank as number) >= 0))) throw invalid()
  if (!Number.isSafeInteger(key) || typeof id !== 'string' || id.length === 0 || id.length > 64) throw invalid()
  if (!Number.isSafeInteger(page) || (page as number) < 2) throw invalid()
  return { sort, rank: rank as number | null, key: key as number, id, page: page as number }
}
