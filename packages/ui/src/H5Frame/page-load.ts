/**
 * Loading a page's code (a subpackage's chunk) on H5, so that a failure says so and a retry
 * works. Taro's router awaits the chunk and, if it fails ("Loading CSS chunk … failed" when the
 * link is down), just throws: the tap does nothing visible. Here a failed load waits — with the
 * page that was tapped from still on screen — until the user taps 重试, then loads again from
 * the network (webpack forgets a failed chunk, so nothing stale is kept); Taro's navigation then
 * finishes as if the first try had worked.
 */

export type ChunkLoader = (chunkId: string | number) => Promise<unknown>

export interface PageLoadFailure {
  /** Shows that the page did not open; resolves when the user asks to try again. */
  waitForRetry(error: unknown): Promise<void>
}

/** webpack's (and mini-css-extract-plugin's) error for a chunk that could not be fetched. */
export function isChunkLoadError(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown; message?: unknown } | null
  if (!e) return false
  return e.name === 'ChunkLoadError' || e.code === 'CSS_CHUNK_LOAD_FAILED' || /Loading (CSS )?chunk [^ ]+ failed/.test(String(e.message ?? ''))
}

/** Wraps webpack's chunk loader: a chunk that fails to load is retried once the user asks. */
export function retryingChunkLoader(load: ChunkLoader, failure: PageLoadFailure): ChunkLoader {
  return async function loadChunk(chunkId) {
    for (;;) {
      try {
        return await load(chunkId)
      } catch (error) {
        if (!isChunkLoadError(error)) throw error
        await failure.waitForRetry(error)
      }
    }
  }
}
