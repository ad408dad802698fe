import { createHash, randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { LessonMediaDb } from './schema'

const SHA256 = /^[0-9a-f]{64}$/

/**
 * Files by content: `<root>/<first two hex>/<sha256>`, written once and never changed, so a file
 * can be served with a strong ETag and cached for a year. The same bytes stored twice are one file.
 */
export class ContentStore {
  constructor(
    readonly root: string,
    private readonly db: LessonMediaDb,
    private readonly now: () => number,
  ) {}

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`)
    return path.join(this.root, sha256.slice(0, 2), sha256)
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await fs.access(this.pathOf(sha256))
      return true
    } catch {
      return false
    }
  }

  /**
   * Moves `file` into the store (or drops it when those bytes are already there) and records it.
   * `keepSource`: hard-link instead of moving, leaving `file` in place (the tus upload's own file,
   * which must still answer HEAD) — one copy of the bytes on disk either way.
   */
  async put(file: string, options: { keepSource?: boolean } = {}): Promise<{ sha256: string; bytes: number }> {
    const { sha256, bytes } = await hashFile(file)
    const target = this.pathOf(sha256)
    await fs.mkdir(path.dirname(target), { recursive: true })
    if (!(await this.has(sha256))) {
      const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`
      if (options.keepSource) await fs.link(file, tmp).catch(() => fs.copyFile(file, tmp))
      else await fs.rename(file, tmp).catch(() => fs.copyFile(file, tmp))
      // rename is atomic: a reader never sees half a file, and two writers of the same bytes agree.
      await fs.rename(tmp, target)
    }
    if (options.keepSource) {
      // The upload's file becomes a link to the stored bytes: stored once even when uploaded twice.
      const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`
      await fs.link(target, tmp)
      await fs.rename(tmp, file)
      // rename() between two links of one file does nothing (POSIX): then the spare link goes.
      await fs.rm(tmp, { force: true })
    } else {
      await fs.rm(file, { force: true })
    }
    const t = this.now()
    await this.db
      .insertInto('lesson_media_files')
      .values({ sha256, bytes, stored_at: t })
      .onConflict((oc) => oc.column('sha256').doUpdateSet({ stored_at: t }))
      .execute()
    return { sha256, bytes }
  }

  async remove(sha256: string): Promise<void> {
    await fs.rm(this.pathOf(sha256), { force: true })
    await this.db.deleteFrom('lesson_media_files').where('sha256', '=', sha256).execute()
  }
}

export async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256')
  let bytes = 0
  await pipeline(createReadStream(file), async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      bytes += chunk.length
      hash.update(chunk)
    }
    yield* []
  })
  return { sha256: hash.digest('hex'), bytes }
}
