import { createFakePlatform, FakeStorage } from '../platform/fake'
import { createStore, MAX_ENTRY_BYTES } from './store'
import { utf8ByteLength } from './utf8'

describe('createStore', () => {
  it('round-trips JSON under a per-app prefix', async () => {
    const fake = createFakePlatform()
    const store = createStore(fake.platform, 'market')
    await store.set('cart', { items: [{ sku: 7, qty: 2 }], note: '不要辣' })
    await expect(store.get('cart')).resolves.toEqual({ items: [{ sku: 7, qty: 2 }], note: '不要辣' })
    expect([...fake.storage.entries.keys()]).toEqual(['ty:market:cart'])
    await expect(store.get('missing')).resolves.toBeUndefined()
  })

  it('keeps apps sharing one H5 origin apart, and clears only its own keys', async () => {
    const fake = createFakePlatform()
    const market = createStore(fake.platform, 'market')
    const clinic = createStore(fake.platform, 'clinic')
    await market.set('draft', 1)
    await market.scope('cache').set('/products', 2)
    await clinic.set('draft', 3)
    await expect(clinic.get('draft')).resolves.toBe(3)
    expect((await market.keys()).sort()).toEqual(['cache:/products', 'draft'])
    await expect(market.scope('cache').keys()).resolves.toEqual(['/products'])
    await market.clear()
    expect([...fake.storage.entries.keys()]).toEqual(['ty:clinic:draft'])
  })

  it('gives a typed handle per key', async () => {
    const store = createStore(createFakePlatform().platform, 'market')
    const fontScale = store.entry<number>('fontScale')
    await fontScale.set(1.4)
    await expect(fontScale.get()).resolves.toBe(1.4)
    await fontScale.remove()
    await expect(fontScale.get()).resolves.toBeUndefined()
  })

  it('refuses a value over 1 MB with a clear error, before the platform sees it', async () => {
    const fake = createFakePlatform()
    const store = createStore(fake.platform, 'market')
    // 350,000 Chinese characters are ~1 MB in UTF-8 (3 bytes each) but only 350,000 UTF-16 units
    const big = '稻'.repeat(350_000)
    const error = await store.set('big', big).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'storage_too_large', details: { limit: MAX_ENTRY_BYTES } })
    expect((error as { userMessage: string }).userMessage).toMatch(/^要保存的内容太大（1026 KB），超过了微信每项 1 MB 的上限$/)
    expect(fake.storage.entries.size).toBe(0)
    await expect(store.set('fits', '稻'.repeat(340_000))).resolves.toBeUndefined()
  })

  it('reports the platform refusing (10 MB in all) as storage_failed', async () => {
    const storage = new FakeStorage()
    const store = createStore(createFakePlatform({ storage }).platform, 'market')
    for (let i = 0; i < 10; i++) await store.set(`photo${i}`, 'x'.repeat(1_000_000))
    await expect(store.set('one-more', 'x'.repeat(500_000))).rejects.toMatchObject({ code: 'storage_failed', userMessage: '手机上的存储空间不够，保存失败' })
  })

  it('reads an unreadable entry as absent rather than crashing a page', async () => {
    const storage = new FakeStorage()
    storage.set('ty:market:cart', '{"items": [')
    await expect(createStore(createFakePlatform({ storage }).platform, 'market').get('cart')).resolves.toBeUndefined()
  })

  it('rejects a namespace that could collide with another', () => {
    expect(() => createStore(createFakePlatform().platform, 'a:b')).toThrow(/namespace/)
  })
})

describe('utf8ByteLength', () => {
  it('counts bytes the way WeChat does', () => {
    expect(utf8ByteLength('abc')).toBe(3)
    expect(utf8ByteLength('é')).toBe(2)
    expect(utf8ByteLength('田园')).toBe(6)
    expect(utf8ByteLength('🌾')).toBe(4)
  })
})
