import fs from 'node:fs/promises'
import path from 'node:path'
import { randomBytes } from 'node:crypto'

/**
 * Where media bytes live. Local disk now; an S3/COS-compatible store can implement the same
 * four calls later. Keys are relative, slash-separated, made only by the API (never by a client).
 */
export interface MediaStorage {
  put(key: string, bytes: Uint8Array): Promise<void>
  /** null when absent. */
  get(key: string): Promise<Buffer | null>
  delete(key: string): Promise<void>
  /** Removes every key under a prefix (a media item's cached variants). */
  deletePrefix(prefix: string): Promise<void>
}

const SAFE_KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/

export function createDiskStorage(root: string): MediaStorage {
  const resolve = (key: string) => {
    if (!SAFE_KEY.test(key) || key.includes('..')) throw new Error(`unsafe storage key: ${key}`)
    return path.join(root, ...key.split('/'))
  }
  return {
    async put(key, bytes) {
      const file = resolve(key)
      await fs.mkdir(path.dirname(file), { recursive: true })
      // Write then rename: a reader never sees half a file, even if two writers race.
      const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`
      try {
        await fs.writeFile(tmp, bytes)
        await fs.rename(tmp, file)
      } catch (error) {
        // E.g. the folder was removed meanwhile (a delete): leave no half-written temp file behind.
        await fs.rm(tmp, { force: true })
        throw error
      }
    },
    async get(key) {
      try {
        return await fs.readFile(resolve(key))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw error
      }
    },
    async delete(key) {
      await fs.rm(resolve(key), { force: true })
    },
    async deletePrefix(prefix) {
      // A file written into the folder while it is being removed makes rmdir fail with ENOTEMPTY:
      // Node then retries (with a short backoff) instead of failing the delete.
      await fs.rm(resolve(prefix), { recursive: true, force: true, maxRetries: 10, retryDelay: 20 })
    },
  }
}
