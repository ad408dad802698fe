/** WeChat's documented limits: 1 MB per key, 10 MB per mini-program and user. */
export const STORAGE_ITEM_LIMIT_BYTES = 1024 * 1024
export const STORAGE_TOTAL_LIMIT_BYTES = 10 * 1024 * 1024

/** A storage failure; `reason` is what follows "<api>:fail " in WeChat's errMsg. */
export class StorageError extends Error {
  constructor(readonly reason: string) {
    super(reason)
    this.name = 'StorageError'
  }
}

export interface StorageInfo {
  keys: string[]
  /** KB, rounded up, as WeChat reports it */
  currentSize: number
  /** KB */
  limitSize: number
}

interface StoredItem {
  /** Serialised form: what is kept, and what the limits are measured on. */
  json: string
  isDate: boolean
  bytes: number
}

/**
 * The storage of one mini-program, with WeChat's semantics: values are copied in and out
 * (JSON-serialisable data and Dates, as WeChat documents), a missing key reads as not found,
 * and a write that would break the per-key or total limit fails and changes nothing.
 */
export class WxStorage {
  private readonly items = new Map<string, StoredItem>()

  set(key: unknown, data: unknown): void {
    const checkedKey = checkKey(key)
    const isDate = data instanceof Date
    const json = isDate ? JSON.stringify(data.getTime()) : JSON.stringify(data)
    // undefined and functions serialise to nothing; WeChat stores them as an empty value.
    const stored = json === undefined ? '""' : json
    const bytes = utf8Length(checkedKey) + utf8Length(stored)
    if (bytes > STORAGE_ITEM_LIMIT_BYTES) throw new StorageError('exceed storage item max length')
    const previous = this.items.get(checkedKey)?.bytes ?? 0
    if (this.totalBytes() - previous + bytes > STORAGE_TOTAL_LIMIT_BYTES) {
      throw new StorageError('exceed storage max size 10MB')
    }
    this.items.set(checkedKey, { json: stored, isDate, bytes })
  }

  /** `found: false` when the key was never set (or was removed). */
  get(key: unknown): { found: true; data: unknown } | { found: false } {
    const item = this.items.get(checkKey(key))
    if (!item) return { found: false }
    const value: unknown = JSON.parse(item.json)
    return { found: true, data: item.isDate ? new Date(value as number) : value }
  }

  remove(key: unknown): void {
    this.items.delete(checkKey(key))
  }

  clear(): void {
    this.items.clear()
  }

  info(): StorageInfo {
    return {
      keys: [...this.items.keys()],
      currentSize: Math.ceil(this.totalBytes() / 1024),
      limitSize: STORAGE_TOTAL_LIMIT_BYTES / 1024,
    }
  }

  totalBytes(): number {
    let total = 0
    for (const item of this.items.values()) total += item.bytes
    return total
  }
}

function checkKey(key: unknown): string {
  if (typeof key !== 'string') throw new StorageError(`parameter error: parameter.key should be String instead of ${typeName(key)};`)
  return key
}

function typeName(value: unknown): string {
  if (value === null) return 'Null'
  if (Array.isArray(value)) return 'Array'
  const t = typeof value
  return t.charAt(0).toUpperCase() + t.slice(1)
}

export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length
}
