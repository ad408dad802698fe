// The player on the compiled mini-program against the real API (a lesson whose clip the API
// transcoded with ffmpeg): it resumes at the second it was left, picks the 2G edition on a very
// slow link with its pictures in step with the audio, and app.json asks for background audio.
import fs from 'node:fs'
import path from 'node:path'
import type { SimApp } from '@tianyuan/sim'
import { startClassroomApi, type ClassroomApi } from '../support/classroom-api'
import { launchClassroom, LEARNER_USER } from '../support/phone'

const dist = path.resolve(__dirname, '../../dist/weapp')
const LESSON = 'pkg/pages/lesson/index'
/** The 只听声音 setting as the app stores it (JSON): the player plays audio through BackgroundAudioManager. */
const AUDIO_ONLY = { 'ty:classroom:player:ceiling': JSON.stringify('audio') }

let api: ClassroomApi
beforeAll(async () => {
  api = await startClassroomApi({ media: true })
}, 240_000)
afterAll(() => api?.close())

const lessonUrl = () => `/${LESSON}?id=${api.fixture.videoLessonId}`
const background = (sim: SimApp) => sim.wx.audio.backgroundAudio

test('app.json asks WeChat to keep audio playing with the screen off', () => {
  const appJson = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8')) as { requiredBackgroundModes?: string[] }
  expect(appJson.requiredBackgroundModes).toEqual(['audio'])
})

test('play a lesson, leave, come back: it starts again at the same second, and the server has the position', async () => {
  const sim = await launchClassroom(api, { dist, storage: AUDIO_ONLY, prepareWx: (wx) => wx.audio.setDuration(api.fixture.durationS) })
  await sim.navigateTo(lessonUrl())
  const page = await sim.waitForPage(LESSON)
  await page.waitForText('正在播放', { selector: '#audio-phase', timeout: 15_000 })
  // BackgroundAudioManager, with the lesson's title (WeChat refuses to play without one), from the start.
  expect(background(sim)).toMatchObject({ title: api.fixture.videoTitle, startTime: 0, paused: false })
  expect(background(sim)?.src).toMatch(/audio\.m4a/)
  expect(page.text('#lesson-facts')).toContain('视频')

  background(sim)?.advance(17)
  await page.waitForText('0:17', { selector: '#audio-position' })
  // 1.5×: the host's rate changes.
  await page.tap('#speed-1_5')
  await page.waitFor(() => background(sim)?.playbackRate === 1.5)
  background(sim)?.advance(2)
  await page.waitForText('0:20', { selector: '#audio-position' })

  await sim.navigateBack()
  await sim.waitForPage('pages/index/index')
  // Leaving recorded the stretch on the phone and sent it in a batch.
  await page.waitFor(() => sim.wx.requests.some((r) => r.url.endsWith('/api/classroom/progress') && r.status === 200), { timeout: 15_000 })

  await sim.navigateTo(lessonUrl())
  const again = await sim.waitForPage(LESSON)
  await again.waitForText('正在播放', { selector: '#audio-phase', timeout: 15_000 })
  expect(background(sim)?.startTime).toBe(20)
  expect(again.text('#resumed-at')).toBe('从上次停下的 0 分 20 秒接着播放')
  expect(again.text('#audio-position')).toContain('0:20')

  const server = await api.progressOf(LEARNER_USER, api.fixture.videoLessonId)
  expect(server?.positionS).toBe(20)
  expect(server?.coveredS).toBeCloseTo(20, 0)
  expect(sim.errors).toEqual([])
}, 90_000)

test('on a very slow link the 2G edition plays: the audio streams and its pictures follow it', async () => {
  const lesson = await api.lessonAs(LEARNER_USER, api.fixture.videoLessonId)
  const slides = lesson.media?.editions.find((e) => e.kind === 'slides')
  expect(slides?.cues?.length).toBeGreaterThan(1)
  const second = slides?.cues?.[1]
  const sim = await launchClassroom(api, { dist, network: '2g', prepareWx: (wx) => wx.audio.setDuration(api.fixture.durationS) })
  // From the start (?at=0), whatever an earlier test left.
  await sim.navigateTo(`${lessonUrl()}&at=0`)
  const page = await sim.waitForPage(LESSON)
  await page.waitForText('正在播放', { selector: '#audio-phase', timeout: 20_000 })
  expect(page.text('#edition-reason')).toBe('省流版（声音+图片）：网络很慢，播放声音＋图片（省流量版）')
  // Nothing of a video edition was asked for: the audio streamed, the pictures are the slides'.
  expect(sim.wx.requests.filter((r) => /video\.mp4|\.m3u8/.test(r.url))).toEqual([])
  expect(sim.wx.requests.filter((r) => r.api === 'audio').map((r) => r.url)).toEqual([expect.stringMatching(/audio\.m4a/)])
  expect(page.text('#slide-count')).toBe(`图 1/${slides?.cues?.length}`)
  background(sim)?.advance(Math.ceil(second?.atS ?? 0) + 1)
  await page.waitForText(`图 2/${slides?.cues?.length}`, { selector: '#slide-count' })
  expect(sim.errors).toEqual([])
}, 60_000)
