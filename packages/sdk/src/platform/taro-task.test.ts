import { later } from './taro-task'
import { TransferFailure, type Transfer } from './types'

function startable() {
  const abort = jest.fn()
  const start = jest.fn((): Transfer<string> => ({ result: Promise.resolve('sent'), abort }))
  return { start, abort }
}

describe('later: a transfer whose code loads first (H5 uploads and downloads)', () => {
  test('starts once the module is in, and answers with what it answers', async () => {
    const { start } = startable()
    const t = later(() => Promise.resolve({ start }), (m) => m.start())
    expect(start).not.toHaveBeenCalled()
    await expect(t.result).resolves.toBe('sent')
    expect(start).toHaveBeenCalledTimes(1)
  })

  test('aborted before the module is in: never starts, and fails as aborted', async () => {
    const { start } = startable()
    const t = later(() => Promise.resolve({ start }), (m) => m.start())
    t.abort()
    await expect(t.result).rejects.toEqual(expect.objectContaining({ kind: 'aborted' }))
    await expect(t.result).rejects.toBeInstanceOf(TransferFailure)
    expect(start).not.toHaveBeenCalled()
  })

  test('aborted once started: the started transfer is aborted', async () => {
    const { start, abort } = startable()
    const t = later(() => Promise.resolve({ start }), (m) => m.start())
    await t.result
    t.abort()
    expect(abort).toHaveBeenCalledTimes(1)
  })

  test('a module that cannot load (offline on H5) fails the transfer, not the app', async () => {
    const t = later(() => Promise.reject(new Error('ChunkLoadError: Loading chunk 12 failed')), () => startable().start())
    await expect(t.result).rejects.toThrow(/ChunkLoadError/)
  })
})
