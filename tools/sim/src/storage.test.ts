import { STORAGE_ITEM_LIMIT_BYTES, StorageError, WxStorage } from './storage'

describe('WxStorage', () => {
  it('copies values in and out, so later mutation does not leak into storage', () => {
    const storage = new WxStorage()
    const cart = { items: [{ id: 1, qty: 2 }] }
    storage.set('cart', cart)
    cart.items[0]!.qty = 99
    const read = storage.get('cart')
    expect(read).toEqual({ found: true, data: { items: [{ id: 1, qty: 2 }] } })
    if (read.found) (read.data as typeof cart).items.length = 0
    expect(storage.get('cart')).toEqual({ found: true, data: { items: [{ id: 1, qty: 2 }] } })
  })

  it('keeps Dates as Dates and tells a missing key from an empty value', () => {
    const storage = new WxStorage()
    storage.set('at', new Date('2026-11-28T00:00:00Z'))
    storage.set('empty', '')
    const at = storage.get('at')
    expect(at.found && at.data instanceof Date && at.data.toISOString()).toBe('2026-11-28T00:00:00.000Z')
    expect(storage.get('empty')).toEqual({ found: true, data: '' })
    expect(storage.get('never')).toEqual({ found: false })
  })

  it('removes, clears and reports keys and size in KB', () => {
    const storage = new WxStorage()
    storage.set('a', 'x'.repeat(2000))
    storage.set('b', 1)
    expect(storage.info()).toEqual({ keys: ['a', 'b'], currentSize: 2, limitSize: 10240 })
    storage.remove('a')
    storage.remove('not-there')
    expect(storage.info().keys).toEqual(['b'])
    storage.clear()
    expect(storage.info()).toEqual({ keys: [], currentSize: 0, limitSize: 10240 })
  })

  it('refuses a value over 1 MB for one key and keeps the old value', () => {
    const storage = new WxStorage()
    storage.set('photo', 'old')
    expect(() => storage.set('photo', 'x'.repeat(STORAGE_ITEM_LIMIT_BYTES))).toThrow(new StorageError('exceed storage item max length'))
    expect(storage.get('photo')).toEqual({ found: true, data: 'old' })
  })

  it('measures UTF-8 bytes, so Chinese text reaches the limit at a third of the characters', () => {
    const storage = new WxStorage()
    const third = Math.floor(STORAGE_ITEM_LIMIT_BYTES / 3)
    expect(() => storage.set('note', '田'.repeat(third))).toThrow('exceed storage item max length')
    expect(() => storage.set('note', '田'.repeat(third - 10))).not.toThrow()
  })

  it('refuses a write that would pass 10 MB in total, but allows overwriting a key with a smaller value', () => {
    const storage = new WxStorage()
    const nearlyOneMB = 'x'.repeat(STORAGE_ITEM_LIMIT_BYTES - 100)
    for (let i = 0; i < 10; i++) storage.set(`k${i}`, nearlyOneMB)
    expect(() => storage.set('one-more', 'x'.repeat(2000))).toThrow('exceed storage max size 10MB')
    expect(storage.get('one-more')).toEqual({ found: false })
    // replacing k0 frees its bytes first
    storage.set('k0', 'small')
    storage.set('one-more', 'x'.repeat(2000))
    expect(storage.info().keys).toHaveLength(11)
  })

  it('rejects a key that is not a string, naming the type as WeChat does', () => {
    const storage = new WxStorage()
    expect(() => storage.set(42, 'x')).toThrow('parameter.key should be String instead of Number')
    expect(() => storage.get(undefined)).toThrow('instead of Undefined')
  })
})
