import type { LessonEdition } from '@tianyuan/contracts/types'
import { planPlayback } from './plan'

const file = (name: string, role: 'audio' | 'slide' | 'manifest' | 'video', bytes = 1000) => ({ name, role, bytes, sha256: 'x', mime: 'x', url: `https://m/${name}?t=1` })
const editions: LessonEdition[] = [
  { kind: 'audio', bytes: 1000, kbps: 32, files: [file('audio.m4a', 'audio')] },
  { kind: 'slides', bytes: 3000, kbps: 40, files: [file('audio.m4a', 'audio'), file('slide-001.webp', 'slide'), file('slide-002.webp', 'slide'), file('slides.json', 'manifest')], cues: [{ atS: 0, name: 'slide-001.webp' }, { atS: 30, name: 'slide-002.webp' }] },
  { kind: 'video240', bytes: 9000, kbps: 230, files: [file('video.mp4', 'video')], hlsUrl: 'https://m/240/index.m3u8?t=1' },
]

test('on 2G the slides edition streams its audio with its pictures in sync', () => {
  const plan = planPlayback({ media: { editions }, link: 'very-slow', ceiling: 'video360', downloads: {} })
  expect(plan).toMatchObject({ offline: false, audioSrc: 'https://m/audio.m4a?t=1', slides: { cues: editions[1]?.cues, src: { 'slide-001.webp': 'https://m/slide-001.webp?t=1' } } })
})

test('a video streams by HLS; the audio-only switch plays the audio', () => {
  expect(planPlayback({ media: { editions }, link: 'good', ceiling: 'video360', downloads: {} })?.videoSrc).toBe('https://m/240/index.m3u8?t=1')
  const audioOnly = planPlayback({ media: { editions }, link: 'good', ceiling: 'audio', downloads: {} })
  expect(audioOnly).toMatchObject({ audioSrc: 'https://m/audio.m4a?t=1' })
  expect(audioOnly?.videoSrc).toBeUndefined()
})

test('a downloaded edition plays from local paths only, whatever the link', () => {
  const local = { 'audio.m4a': 'wxfile://usr/dl/l_slides/0.m4a', 'slide-001.webp': 'wxfile://usr/dl/l_slides/1.webp', 'slide-002.webp': 'wxfile://usr/dl/l_slides/2.webp' }
  const plan = planPlayback({ media: { editions }, link: 'offline', ceiling: 'video360', downloads: { slides: local } })
  expect(plan).toMatchObject({ offline: true, audioSrc: local['audio.m4a'], slides: { src: { 'slide-001.webp': local['slide-001.webp'], 'slide-002.webp': local['slide-002.webp'] } } })
  const { edition: _edition, ...played } = plan ?? {}
  expect(JSON.stringify(played)).not.toContain('https://')
  expect(planPlayback({ media: { editions }, link: 'offline', ceiling: 'video360', downloads: {} })).toBeUndefined()
})

test('relative media URLs (the API serves them under /api/classroom/media) are made absolute for weapp players', () => {
  const relative = editions.map((e) => ({ ...e, files: e.files.map((f) => ({ ...f, url: `/api/classroom/media/t/${f.name}` })) }))
  expect(planPlayback({ media: { editions: relative }, link: 'very-slow', ceiling: 'video360', downloads: {}, origin: 'https://api.tianyuan.example' })?.audioSrc).toBe('https://api.tianyuan.example/api/classroom/media/t/audio.m4a')
  expect(planPlayback({ media: { editions: relative }, link: 'very-slow', ceiling: 'video360', downloads: {}, origin: '' })?.audioSrc).toBe('/api/classroom/media/t/audio.m4a')
})
