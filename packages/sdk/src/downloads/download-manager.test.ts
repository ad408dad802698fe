// The download manager over the fake platform: a media server that answers Range requests as
// HTTP does (206 with Content-Range, 416 past the end), a link that drops mid-chunk, an app
// restart, and WeChat's 200 MB.
import { createFakePlatform, FakeStorage, type FakeHandler, type FakePlatform, type FakeReply } from '../platform/fake'
import { FakeLocalFiles, patterned } from '../platform/fake-files'
import { createNetworkMonitor, type NetworkMonitor } from '../network/network-monitor'
import { createStore } from '../storage/store'
import { createDownloadManager, type DownloadItem, type DownloadManager, type DownloadRecord } from './download-manager'

const KB = 1024
const MB = 1024 * KB
const AUDIO = patterned(300 * KB, 11)
const SLIDES = patterned(40 * KB, 12)

/** Signed media URLs → bytes, with Range as RFC 9110 says. */
function mediaServer(files: Record<string, Uint8Array>, log: string[] = []): FakeHandler {
  return (req): FakeReply => {
    const [path] = req.path.split('?')
    const bytes = files[path as string]
    if (!bytes) return { status: 404, body: { code: 'NOT_FOUND', message: '没有这个文件' } }
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '')
    log.push(req.headers.range ?? 'whole')
    if (!range) return { status: 200, headers: { 'content-type': 'audio/mp4', 'content-length': String(bytes.length) }, body: bytes }
    const start = Number(range[1])
    const end = Math.min(bytes.length - 1, range[2] ? Number(range[2]) : bytes.length - 1)
    if (start >= bytes.length) return { status: 416, headers: { 'content-range': `bytes */${bytes.length}` } }
    return { status: 206, headers: { 'content-type': 'audio/mp4', 'content-range': `bytes ${start}-${end}/${bytes.length}` }, body: bytes.slice(start, end + 1) }
  }
}

const LESSON: DownloadItem = {
  id: 'lesson-7:slides',
  title: '玉米合理密植（省流量版）',
  files: [
    { url: 'https://media.tianyuan.test/m/audio.m4a?sig=1', bytes: AUDIO.length, mime: 'audio/mp4' },
    { url: 'https://media.tianyuan.test/m/slide-1.webp?sig=1', bytes: SLIDES.length, mime: 'image/webp' },
  ],
  meta: { lessonId: 'lesson-7', kind: 'slides' },
}
const SERVED = { '/m/audio.m4a': AUDIO, '/m/slide-1.webp': SLIDES }

function phone(options: { storage?: FakeStorage; localFiles?: FakeLocalFiles; handler?: FakeHandler } = {}) {
  const fake = createFakePlatform({ handler: options.handler ?? mediaServer(SERVED), storage: options.storage, localFiles: options.localFiles })
  const network = createNetworkMonitor(fake.platform)
  const manager = createDownloadManager({ platform: fake.platform, files: fake.localFiles, store: createStore(fake.platform, 'classroom').scope('downloads'), network, chunkBytes: 64 * KB, random: () => 0 })
  return { fake, network, manager }
}

function until(manager: DownloadManager, id: string, status: DownloadRecord['status']): Promise<DownloadRecord> {
  return new Promise((resolve) => {
    const check = () => {
      const record = manager.get(id)
      if (record?.status === status) {
        stop()
        resolve(record)
      }
    }
    const stop = manager.subscribe(check)
    check()
  })
}

const bytesOn = (fake: FakePlatform, path: string) => fake.localFiles.contents.get(path)

let opened: { manager: DownloadManager; network: NetworkMonitor }[] = []
afterEach(() => {
  opened.forEach((o) => (o.manager.dispose(), o.network.dispose()))
  opened = []
})
const open = (...args: Parameters<typeof phone>) => {
  const p = phone(...args)
  opened.push(p)
  return p
}

test('downloads every file in Range chunks into USER_DATA_PATH and verifies the total', async () => {
  const log: string[] = []
  const { fake, manager } = open({ handler: mediaServer(SERVED, log) })
  const started = await manager.start(LESSON)
  expect(started.totalBytes).toBe(AUDIO.length + SLIDES.length)
  const done = await until(manager, LESSON.id, 'done')
  expect(done.receivedBytes).toBe(done.totalBytes)
  const [audioPath, slidePath] = manager.localPaths(LESSON.id) as string[]
  expect(audioPath).toMatch(/^wxfile:\/\/usr\/dl\/lesson-7_slides\/0\.m4a$/)
  expect(bytesOn(fake, audioPath as string)).toEqual(AUDIO)
  expect(bytesOn(fake, slidePath as string)).toEqual(SLIDES)
  expect(log.slice(0, 2)).toEqual(['bytes=0-65535', 'bytes=65536-131071'])
  // Temporary files are cleaned after each chunk: only the kept files use space.
  expect(await manager.usage()).toMatchObject({ usedBytes: AUDIO.length + SLIDES.length, reservedBytes: 0 })
})

test('a dropping link: a chunk cut mid-way is asked again from the bytes on the phone, never from the start', async () => {
  const log: string[] = []
  const { fake, manager } = open({ handler: mediaServer(SERVED, log) })
  fake.network.set({ bandwidthKbps: 100_000 })
  // The link drops during the third chunk, then comes back.
  let chunks = 0
  const stop = manager.subscribe(() => {
    if (++chunks === 9) {
      fake.network.goOffline()
      setTimeout(() => fake.network.goOnline('3g'), 30)
    }
  })
  await manager.start(LESSON)
  const done = await until(manager, LESSON.id, 'done')
  stop()
  expect(bytesOn(fake, done.localPaths[0] as string)).toEqual(AUDIO)
  // No range asked for twice beyond the cut one, and never bytes=0- again after the first.
  const starts = log.map((r) => Number(/bytes=(\d+)/.exec(r)?.[1]))
  expect(starts.filter((s) => s === 0)).toHaveLength(2) // the audio's first chunk and the slide's
  const repeated = starts.filter((s, i) => s !== 0 && starts.indexOf(s) !== i)
  expect(repeated.length).toBeLessThanOrEqual(1)
  expect(starts.length).toBeLessThanOrEqual(Math.ceil(AUDIO.length / (64 * KB)) + 2)
})

test('paused, then the app restarts: it resumes with a Range for the rest and the file is whole', async () => {
  const storage = new FakeStorage()
  const localFiles = new FakeLocalFiles()
  const log: string[] = []
  const first = open({ storage, localFiles, handler: mediaServer(SERVED, log) })
  await first.manager.start(LESSON)
  await new Promise<void>((resolve) => {
    const stop = first.manager.subscribe((records) => {
      if ((records[0]?.receivedBytes ?? 0) >= 128 * KB) {
        stop()
        void first.manager.pause(LESSON.id).then(resolve)
      }
    })
  })
  expect(first.manager.get(LESSON.id)?.status).toBe('paused')
  const kept = (await localFiles.stat(first.manager.get(LESSON.id)?.localPaths[0] as string))?.bytes ?? 0
  expect(kept).toBeGreaterThanOrEqual(128 * KB)
  first.manager.dispose()

  localFiles.restart()
  log.length = 0
  const second = open({ storage, localFiles, handler: mediaServer(SERVED, log) })
  await second.manager.ready
  expect(second.manager.get(LESSON.id)).toMatchObject({ status: 'paused', receivedBytes: kept })
  await second.manager.resume(LESSON.id)
  const done = await until(second.manager, LESSON.id, 'done')
  expect(log[0]).toBe(`bytes=${kept}-${kept + 64 * KB - 1}`)
  expect(bytesOn(second.fake, done.localPaths[0] as string)).toEqual(AUDIO)
})

test('a download that would not fit in WeChat\'s 200 MB is refused before anything is fetched, saying what to do', async () => {
  const { fake, manager } = open()
  // 195 MB of lessons already on the phone.
  fake.localFiles.put('wxfile://usr/dl/old/0.mp4', 195 * MB)
  const big: DownloadItem = { id: 'lesson-9:video360', title: '生猪常见病预防（360p）', files: [{ url: 'https://media.tianyuan.test/m/v.mp4', bytes: 30 * MB }] }
  const check = await manager.check(big)
  expect(check).toMatchObject({ fits: false, needBytes: 30 * MB, freeBytes: 5 * MB })
  await expect(manager.start(big)).rejects.toMatchObject({
    code: 'storage_failed',
    userMessage: '空间不够：这节课要 30 MB，微信给每个小程序 200 MB，只剩 5.0 MB。请先删除一些已下载的课，或选更小的版本（如只听声音）',
  })
  expect(fake.sent).toEqual([])
  // The small 2G edition still fits.
  expect((await manager.check(LESSON)).fits).toBe(true)
})

test('space promised to unfinished downloads counts too, and deleting a download gives its space back', async () => {
  const { fake, manager } = open()
  fake.localFiles.put('wxfile://usr/dl/old/0.mp4', 199.5 * MB)
  await expect(manager.start(LESSON)).resolves.toMatchObject({ status: 'queued' })
  await until(manager, LESSON.id, 'done')
  const second = { ...LESSON, id: 'lesson-8:slides' }
  expect((await manager.check(second)).fits).toBe(false)
  await manager.remove(LESSON.id)
  expect(manager.list()).toEqual([])
  expect(fake.localFiles.contents.has(`wxfile://usr/dl/lesson-7_slides/0.m4a`)).toBe(false)
  expect((await manager.check(second)).fits).toBe(true)
})

test('a file whose bytes do not add up to the lesson\'s size is not called done', async () => {
  const short = { ...SERVED, '/m/slide-1.webp': SLIDES.slice(0, 1000) }
  const { manager } = open({ handler: mediaServer(short) })
  await manager.start(LESSON)
  const failed = await until(manager, LESSON.id, 'failed')
  expect(failed.error).toBe('下载的文件和课程信息对不上，请删除后重新下载')
  expect(manager.localPaths(LESSON.id)).toBeUndefined()
})
