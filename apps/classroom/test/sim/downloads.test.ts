// Downloads and offline progress on the compiled mini-program against the real API: the 2G edition
// downloaded in Range chunks over a link that drops, every byte as the server has it; then played
// with the network gone (nothing fetched), and the progress made offline reaching the server once
// even though the first answer to the batch is lost.
import { createHash } from 'node:crypto'
import path from 'node:path'
import { forwardTo, type FetchHandler, type SimApp } from '@tianyuan/sim'
import { startClassroomApi, type ClassroomApi } from '../support/classroom-api'
import { launchClassroom, LEARNER_USER } from '../support/phone'

const dist = path.resolve(__dirname, '../../dist/weapp')
const LESSON = 'pkg/pages/lesson/index'
const DOWNLOADS = 'pkg/pages/downloads/index'

let api: ClassroomApi
beforeAll(async () => {
  api = await startClassroomApi({ media: true })
}, 240_000)
afterAll(() => api?.close())

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

test('download the 2G edition on a dropping link, play it offline with nothing fetched; the progress made offline arrives once', async () => {
  const { videoLessonId: id, durationS } = api.fixture
  const lesson = await api.lessonAs(LEARNER_USER, id)
  const slides = lesson.media?.editions.find((e) => e.kind === 'slides')
  if (!slides) throw new Error('the fixture lesson has no slides edition')

  // The phone's link: the second chunk of the audio is cut off mid-way and the network drops for a moment;
  // the first answer to a progress batch is lost after the server stored it.
  const ranges: string[] = []
  // The phone, once launched: the link below cuts it off the network.
  const phone: { sim?: SimApp } = {}
  let cut = false
  let loseProgressAnswer = false
  let lostProgressAnswer = false
  const forward = forwardTo(api.url)
  const phoneLink: FetchHandler = async (request) => {
    const url = new URL(request.url)
    if (url.pathname.includes('/api/classroom/media/') && request.headers.get('range')) {
      ranges.push(`${url.pathname.split('/').pop()} ${request.headers.get('range')}`)
      if (!cut && url.pathname.endsWith('audio.m4a') && !request.headers.get('range')?.startsWith('bytes=0-')) {
        cut = true
        phone.sim?.wx.switchNetwork('none')
        setTimeout(() => phone.sim?.wx.switchNetwork('2g'), 300)
        throw new Error('connection reset')
      }
    }
    if (url.pathname === '/api/classroom/progress' && loseProgressAnswer && !lostProgressAnswer) {
      lostProgressAnswer = true
      await forward(request)
      throw new Error('connection reset after the server stored the batch')
    }
    return forward(request)
  }

  const sim = await launchClassroom(api, { dist, network: '2g', fetch: phoneLink, prepareWx: (wx) => wx.audio.setDuration(durationS) })
  phone.sim = sim
  await sim.navigateTo(`/${LESSON}?id=${id}&at=0`)
  let page = await sim.waitForPage(LESSON)
  // The size of each edition before anything is spent.
  await page.waitForText(/省流版（声音\+图片） · /, { selector: '#edition-slides' })
  await page.tap('#edition-slides')
  await page.waitForText(/下载（/, { selector: '#download-start' })
  await page.tap('#download-start')
  await page.waitForText('已下载，没网也能看', { timeout: 60_000 })

  // Resumed, not restarted: after the cut the rest was asked for from where the phone's file ended.
  expect(cut).toBe(true)
  const audioRanges = ranges.filter((r) => r.startsWith('audio.m4a'))
  expect(audioRanges.filter((r) => r.endsWith('bytes=0-65535'))).toHaveLength(1)
  const audioFile = slides.files.find((f) => f.role === 'audio')
  expect(audioRanges.length).toBeGreaterThanOrEqual(Math.ceil((audioFile?.bytes ?? 0) / 65536))
  // Every file on the phone is the server's, byte for byte.
  const kept = [...sim.wx.files.entries()].filter(([p]) => p.startsWith('wxfile://usr/dl/'))
  expect(kept).toHaveLength(slides.files.length)
  for (const [i, file] of slides.files.entries()) {
    const bytes = sim.wx.files.get(kept.find(([p]) => p.endsWith(`/${i}.${p.split('.').pop()}`))?.[0] ?? '')
    expect(bytes && sha(bytes)).toBe(file.sha256)
  }

  // The downloads page lists it with the space it takes of WeChat's 200 MB.
  await sim.navigateTo(`/${DOWNLOADS}`)
  const downloads = await sim.waitForPage(DOWNLOADS)
  await downloads.waitForText(/手机里已用 .*微信最多给每个小程序 200\.0 MB/, { selector: '#storage-used' })
  expect(downloads.text('#downloads')).toContain(api.fixture.videoTitle)
  await sim.navigateBack()
  await sim.navigateBack()

  // No network at all: the lesson opens from the phone and plays its own files.
  sim.wx.switchNetwork('none')
  const before = sim.wx.requests.length
  await sim.navigateTo(`/${LESSON}?id=${id}&at=0`)
  page = await sim.waitForPage(LESSON)
  await page.waitForText('正在播放', { selector: '#audio-phase', timeout: 15_000 })
  expect(page.text('#edition-reason')).toContain('已下载')
  const player = sim.wx.audio.current
  expect(player?.src).toMatch(/^wxfile:\/\/usr\/dl\//)
  player?.advance(12)
  await page.waitForText('0:12', { selector: '#audio-position' })
  await sim.navigateBack()
  // Nothing reached the network while offline (every attempt, if any, failed at once on the phone).
  expect(sim.wx.requests.slice(before).filter((r) => r.status !== undefined)).toEqual([])

  // Back online: the batch made offline is sent; its answer is lost, the replay is answered, and the
  // server counts the 12 seconds once.
  loseProgressAnswer = true
  const sentBefore = sim.wx.requests.length
  sim.wx.switchNetwork('2g')
  await sim.page.waitFor(() => sim.wx.requests.slice(sentBefore).some((r) => r.url.endsWith('/api/classroom/progress') && r.status === 200), { timeout: 30_000 })
  await sim.page.waitFor(() => sim.wx.requests.some((r) => r.url.endsWith('/api/classroom/progress') && r.status === 200), { timeout: 30_000 })
  expect(lostProgressAnswer).toBe(true)
  const server = await api.progressOf(LEARNER_USER, id)
  expect(server?.coveredS).toBeCloseTo(12, 0)
  expect(server?.positionS).toBe(12)
  expect(sim.errors).toEqual([])
}, 180_000)
