import { isChunkLoadError, retryingChunkLoader, type PageLoadFailure } from './page-load'

function chunkError(message = 'Loading CSS chunk 123 failed.\n(/market/css/123.css)') {
  return Object.assign(new Error(message), { code: 'CSS_CHUNK_LOAD_FAILED' })
}

describe('loading a page on H5', () => {
  it('recognises webpack’s and the CSS plugin’s chunk failures, and nothing else', () => {
    expect(isChunkLoadError(chunkError())).toBe(true)
    expect(isChunkLoadError(Object.assign(new Error('Loading chunk 7 failed.'), { name: 'ChunkLoadError' }))).toBe(true)
    expect(isChunkLoadError(new TypeError('x is undefined'))).toBe(false)
    expect(isChunkLoadError(undefined)).toBe(false)
  })

  it('after a failed load waits for 重试, then loads again and answers as if the first try had worked', async () => {
    let online = false
    const attempts: (string | number)[] = []
    const load = async (id: string | number) => {
      attempts.push(id)
      if (!online) throw chunkError()
      return `chunk ${id}`
    }
    const shown: unknown[] = []
    let retry = () => {}
    const failure: PageLoadFailure = {
      waitForRetry: (error) => {
        shown.push(error)
        return new Promise<void>((resolve) => (retry = resolve))
      },
    }
    const pending = retryingChunkLoader(load, failure)('pkg-products')
    await new Promise((r) => setTimeout(r, 0))
    expect(shown).toHaveLength(1)
    // Still offline: the retry fails again and says so again.
    retry()
    await new Promise((r) => setTimeout(r, 0))
    expect(shown).toHaveLength(2)
    online = true
    retry()
    await expect(pending).resolves.toBe('chunk pkg-products')
    expect(attempts).toEqual(['pkg-products', 'pkg-products', 'pkg-products'])
  })

  it('passes other errors through untouched', async () => {
    const failure: PageLoadFailure = { waitForRetry: () => Promise.resolve() }
    await expect(retryingChunkLoader(() => Promise.reject(new TypeError('bug')), failure)(1)).rejects.toThrow('bug')
  })
})
