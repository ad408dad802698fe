import { pickLessonEdition, type EditionChoiceInput, type LessonEditionKind } from './edition'

const video = [
  { kind: 'audio' as const, bytes: 2_100_000 },
  { kind: 'slides' as const, bytes: 2_400_000 },
  { kind: 'video240' as const, bytes: 17_000_000 },
  { kind: 'video360' as const, bytes: 30_000_000 },
]
const kindOf = <E extends { kind: LessonEditionKind }>(input: EditionChoiceInput<E>) => pickLessonEdition(input)?.edition.kind

test('by link class: the 2G edition on very slow links, 240p on slow ones, 360p on good ones', () => {
  expect(kindOf({ editions: video, link: 'very-slow' })).toBe('slides')
  expect(kindOf({ editions: video, link: 'slow' })).toBe('video240')
  expect(kindOf({ editions: video, link: 'good' })).toBe('video360')
})

test('never more than the user asked for: the audio-only switch and a 240p ceiling hold on a good link', () => {
  expect(kindOf({ editions: video, link: 'good', ceiling: 'audio' })).toBe('audio')
  expect(kindOf({ editions: video, link: 'good', ceiling: 'video240' })).toBe('video240')
  expect(kindOf({ editions: video, link: 'very-slow', ceiling: 'audio' })).toBe('audio')
  expect(pickLessonEdition({ editions: video, link: 'good', ceiling: 'slides' })?.reason).toBe('按您的设置：声音＋图片（省流量版）')
  for (const link of ['very-slow', 'slow', 'good'] as const) {
    for (const ceiling of ['audio', 'slides', 'video240', 'video360'] as LessonEditionKind[]) {
      const kind = kindOf({ editions: video, link, ceiling }) as LessonEditionKind
      expect(['audio', 'slides', 'video240', 'video360'].indexOf(kind)).toBeLessThanOrEqual(['audio', 'slides', 'video240', 'video360'].indexOf(ceiling))
    }
  }
})

test('a missing edition falls back to the next smaller one; an audio lesson plays its audio everywhere', () => {
  expect(kindOf({ editions: video.filter((e) => e.kind !== 'slides'), link: 'very-slow' })).toBe('audio')
  expect(kindOf({ editions: video.filter((e) => e.kind !== 'video360'), link: 'good' })).toBe('video240')
  const audioLesson = [{ kind: 'audio' as const, bytes: 1 }]
  for (const link of ['very-slow', 'slow', 'good'] as const) expect(kindOf({ editions: audioLesson, link })).toBe('audio')
  // Only something larger than the ceiling exists: nothing rather than more than allowed.
  expect(kindOf({ editions: [{ kind: 'video360' as const, bytes: 1 }], link: 'good', ceiling: 'audio' })).toBeUndefined()
})

test('a downloaded edition is played from the phone on any link, offline included; offline without one there is nothing to play', () => {
  expect(pickLessonEdition({ editions: video, link: 'offline', downloaded: ['slides'] })).toMatchObject({ edition: { kind: 'slides' }, offline: true })
  expect(pickLessonEdition({ editions: video, link: 'good', downloaded: ['video240'] })).toMatchObject({ edition: { kind: 'video240' }, offline: true })
  expect(pickLessonEdition({ editions: video, link: 'offline' })).toBeUndefined()
  // A download above the ceiling is not played when the user switched to audio only.
  expect(pickLessonEdition({ editions: video, link: 'slow', ceiling: 'audio', downloaded: ['video240'] })).toMatchObject({ edition: { kind: 'audio' }, offline: false })
})
