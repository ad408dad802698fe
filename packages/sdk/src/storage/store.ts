import { SdkError, USER_MESSAGES } from '../errors/sdk-error'
import type { Platform } from '../platform/types'
import { utf8ByteLength } from './utf8'

/** WeChat refuses a single key over 1 MB (key and value together). */
export const MAX_ENTRY_BYTES = 1024 * 1024

/**
 * A JSON key-value store over the platform's storage, namespaced per app: on H5 the four
 * apps share one origin's localStorage, so 'market' and 'clinic' must not read each
 * other's cart or queue. Keys are stored as `ty:<namespace>:<key>`.
 */
export interface KeyValueStore {
  readonly prefix: string
  get<T>(key: string): Promise<T | undefined>
  /** Throws SdkError 'storage_too_large' over 1 MB, 'storage_failed' when the host refuses. */
  set<T>(key: string, value: T): Promise<void>
  remove(key: string): Promise<void>
  /** This store's keys, without the prefix. */
  keys(): Promise<string[]>
  /** Removes every key of this store (and of its sub-stores), nothing else. */
  clear(): Promise<void>
  /** A store whose keys live under this one's, e.g. `store.scope('cache')`. */
  scope(name: string): KeyValueStore
  /** A typed handle for one key, so callers cannot disagree about its type. */
  entry<T>(key: string): StoreEntry<T>
}

export interface StoreEntry<T> {
  get(): Promise<T | undefined>
  set(value: T): Promise<void>
  remove(): Promise<void>
}

export function createStore(platform: Platform, namespace: string): KeyValueStore {
  if (!/^[\w-]+$/.test(namespace)) throw new Error(`store namespace must be letters, digits, _ or -: "${namespace}"`)
  return storeWithPrefix(platform, `ty:${namespace}:`)
}

function storeWithPrefix(platform: Platform, prefix: string): KeyValueStore {
  const store: KeyValueStore = {
    prefix,
    async get<T>(key: string) {
      const text = await platform.getStorage(prefix + key)
      if (text === undefined) return undefined
      try {
        return JSON.parse(text) as T
      } catch {
        // Written by something else or cut short: treat as absent rather than crash a page.
        return undefined
      }
    },
    async set<T>(key: string, value: T) {
      const text = JSON.stringify(value)
      if (text === undefined) throw new TypeError(`cannot store ${typeof value} under "${key}"`)
      const bytes = utf8ByteLength(prefix + key) + utf8ByteLength(text)
      if (bytes > MAX_ENTRY_BYTES) {
        throw new SdkError({
          code: 'storage_too_large',
          userMessage: `要保存的内容太大（${Math.ceil(bytes / 1024)} KB），超过了微信每项 1 MB 的上限`,
          message: `"${prefix + key}" is ${bytes} bytes; the limit per key is ${MAX_ENTRY_BYTES}`,
          details: { key: prefix + key, bytes, limit: MAX_ENTRY_BYTES },
        })
      }
      try {
        await platform.setStorage(prefix + key, text)
      } catch (cause) {
        throw new SdkError({ code: 'storage_failed', userMessage: USER_MESSAGES.storage_failed, message: `could not store "${prefix + key}": ${String(cause)}`, cause })
      }
    },
    remove: (key) => platform.removeStorage(prefix + key),
    async keys() {
      return (await platform.storageKeys()).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length))
    },
    async clear() {
      for (const key of await store.keys()) await platform.removeStorage(prefix + key)
    },
    scope: (name) => storeWithPrefix(platform, `${prefix}${name}:`),
    entry: <T>(key: string): StoreEntry<T> => ({
      get: () => store.get<T>(key),
      set: (value: T) => store.set(key, value),
      remove: () => store.remove(key),
    }),
  }
  return store
}
