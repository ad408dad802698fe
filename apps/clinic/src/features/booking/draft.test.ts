// The SDK's entry imports its Taro platform; nothing here calls it.
jest.mock('@tarojs/taro', () => ({}))
import { createFakePlatform } from '@tianyuan/sdk/testing'
import { createStore } from '@tianyuan/sdk'
import { clearDraft, DRAFT_MAX_AGE_MS, hasContent, readDraft, saveDraft } from './draft'

const photo = { id: 'm1', width: 800, height: 600, thumbhash: 'abc' }

function store() {
  return createStore(createFakePlatform().platform, 'clinic')
}

test('a draft is kept per doctor and survives a new store over the same storage (an app restart)', async () => {
  const { platform } = createFakePlatform()
  await saveDraft(createStore(platform, 'clinic'), 'd1', { patientId: 'p1', mode: 'text', symptoms: '血压高，头晕', photos: [photo], followUp: true }, 1000)
  const restarted = createStore(platform, 'clinic')
  expect(await readDraft(restarted, 'd1', 2000)).toEqual({ patientId: 'p1', mode: 'text', symptoms: '血压高，头晕', photos: [photo], followUp: true, savedAt: 1000 })
  expect(await readDraft(restarted, 'd2', 2000)).toBeUndefined()
})

test('a draft older than a week is not offered; a cleared one is gone', async () => {
  const s = store()
  await saveDraft(s, 'd1', { symptoms: '咳嗽', photos: [], followUp: false }, 0)
  expect(await readDraft(s, 'd1', DRAFT_MAX_AGE_MS + 1)).toBeUndefined()
  await saveDraft(s, 'd1', { symptoms: '咳嗽', photos: [], followUp: false }, 10)
  await clearDraft(s, 'd1')
  expect(await readDraft(s, 'd1', 20)).toBeUndefined()
})

test('only text or photos count as something to keep', () => {
  expect(hasContent({ symptoms: '  ', photos: [] })).toBe(false)
  expect(hasContent({ symptoms: '头痛', photos: [] })).toBe(true)
  expect(hasContent({ symptoms: '', photos: [photo] })).toBe(true)
})
