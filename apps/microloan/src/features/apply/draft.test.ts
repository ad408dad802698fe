// The SDK's entry imports its Taro platform; nothing here calls it.
jest.mock('@tarojs/taro', () => ({}))
import { createStore } from '@tianyuan/sdk'
import { createFakePlatform } from '@tianyuan/sdk/testing'
import { clearDraft, DRAFT_MAX_AGE_MS, hasContent, readDraft, saveDraft } from './draft'

const filled = { step: 2, purpose: '买化肥', amountFen: 3_000_000, termMonths: 12, method: 'equal_installment', name: '王大伯' }

test('a draft is kept per product and survives a new store over the same storage (an app restart)', async () => {
  const { platform } = createFakePlatform()
  await saveDraft(createStore(platform, 'microloan'), 'p1', filled, 1000)
  const restarted = createStore(platform, 'microloan')
  expect(await readDraft(restarted, 'p1', 2000)).toEqual({ ...filled, savedAt: 1000 })
  expect(await readDraft(restarted, 'p2', 2000)).toBeUndefined()
})

test('the ID number and the bank card are never written to the phone', async () => {
  const { platform, storage } = createFakePlatform()
  const store = createStore(platform, 'microloan')
  await saveDraft(store, 'p1', { ...filled, idNumber: '610629195604121236', bankCard: '6222021234567890128', consents: { contract: true } }, 1000)
  const stored = JSON.stringify([...storage.entries])
  expect(stored).toContain('王大伯')
  expect(stored).not.toContain('610629195604121236')
  expect(stored).not.toContain('6222021234567890128')
  expect(await readDraft(store, 'p1', 2000)).not.toHaveProperty('idNumber')
})

test('a draft older than a month is not offered; a cleared one is gone', async () => {
  const store = createStore(createFakePlatform().platform, 'microloan')
  await saveDraft(store, 'p1', filled, 0)
  expect(await readDraft(store, 'p1', DRAFT_MAX_AGE_MS + 1)).toBeUndefined()
  await saveDraft(store, 'p1', filled, 10)
  await clearDraft(store, 'p1')
  expect(await readDraft(store, 'p1', 20)).toBeUndefined()
})

test('a step moved or words typed count as something to keep', () => {
  expect(hasContent({ step: 0, purpose: ' ', name: '' })).toBe(false)
  expect(hasContent({ step: 1, purpose: '', name: '' })).toBe(true)
  expect(hasContent({ step: 0, purpose: '买种子', name: '' })).toBe(true)
})
