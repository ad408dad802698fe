// The tus client against the real tus server (@tus/server + @tus/file-store, as the API mounts
// them) in a child process on loopback. The phone is the fake platform, so the link can be cut:
// a PATCH cut part-way (the server keeps the bytes that arrived), an answer lost after the
// server stored the chunk, the network gone, an app restart.
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createFakePlatform, FakeStorage, type FakeHandler, type FakePlatform } from '../platform/fake'
import { FakeLocalFiles, patterned } from '../platform/fake-files'
import { createNetworkMonitor } from '../network/network-monitor'
import { createCanceller } from '../request/cancel'
import { createStore } from '../storage/store'
import { base64Utf8, encodeUploadMetadata, resolveLocation, uploadResumable, TUS_CHUNK_BYTES, type ResumableUploadOptions } from './tus'

const API_DIR = path.resolve(__dirname, '../../../../apps/api')
const ENDPOINT = 'https://api.tianyuan.test/api/classroom/uploads'
const VIDEO = 'wxfile://usr/lesson-original.mp4'
const MB = 1024 * 1024

let child: ChildProcess
let origin: string
let dataDir: string

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tus-sdk-'))
  child = spawn(process.execPath, [path.join(__dirname, 'tus-test-server.mjs'), API_DIR, dataDir], { stdio: ['pipe', 'pipe', 'inherit'] })
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line) resolve((JSON.parse(line) as { port: number }).port)
    })
    child.on('exit', (code) => reject(new Error(`tus server exited with ${code}`)))
  })
  origin = `http://127.0.0.1:${port}`
}, 30_000)

afterAll(() => {
  child?.stdin?.end()
  child?.kill()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

/** Forwards the phone's requests to the tus server; `cut(n, bytes)` may truncate the n-th PATCH and reset the connection. */
function tusServer(cut: (patch: number, bytes: Uint8Array) => number | undefined = () => undefined): { handler: FakeHandler; counts: { patches: number; posts: number; heads: number } } {
  const counts = { patches: 0, posts: 0, heads: 0 }
  const handler = async (req: Parameters<FakeHandler>[0]) => {
    let body: Uint8Array | undefined = req.bytes
    let resetAfter = false
    if (req.method === 'POST') counts.posts++
    if (req.method === 'HEAD') counts.heads++
    if (req.method === 'PATCH' && body) {
      const keep = cut(++counts.patches, body)
      if (keep !== undefined) {
        body = body.slice(0, keep)
        resetAfter = true
      }
    }
    const response = await fetch(origin + req.path, { method: req.method, headers: req.headers, body: body as Uint8Array<ArrayBuffer> | undefined })
    const headers: Record<string, string> = {}
    response.headers.forEach((value, name) => (headers[name] = value))
    const text = await response.text()
    // The bytes that arrived are stored; the phone never hears the answer.
    if (resetAfter) throw new Error('connection reset mid-upload')
    return { status: response.status, headers, body: text }
  }
  return { handler, counts }
}

function storedFile(uploadUrl: string): Buffer {
  return fs.readFileSync(path.join(dataDir, uploadUrl.split('/').pop() as string))
}
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

function options(fake: FakePlatform, extra: Partial<ResumableUploadOptions> = {}): ResumableUploadOptions {
  return {
    platform: fake.platform,
    files: fake.localFiles,
    endpoint: ENDPOINT,
    filePath: VIDEO,
    metadata: { filename: '玉米合理密植.mp4', filetype: 'video/mp4', lessonId: 'lesson-1' },
    store: createStore(fake.platform, 'classroom').scope('uploads'),
    link: 'good',
    random: () => 0,
    ...extra,
  }
}

test('a 50 MB video over a dropping link continues where it stopped, never starts again, and arrives identical', async () => {
  // Seeded cut points: five PATCHes cut part-way at a random byte, two answers lost after the server stored the chunk.
  let seed = 42
  const next = () => ((seed = (seed * 16807) % 2147483647) / 2147483647)
  const cutAt = new Set([3, 11, 19, 30, 41])
  const server = tusServer((n, bytes) => (cutAt.has(n) ? Math.floor(next() * bytes.byteLength) : undefined))
  const fake = createFakePlatform({ handler: server.handler })
  const source = fake.localFiles.put(VIDEO, patterned(50 * MB))
  const progress: number[] = []
  let lostAnswers = 0
  const upload = uploadResumable(
    options(fake, {
      onProgress: (p) => {
        progress.push(p.confirmedBytes)
        // Now and then the answer to a stored chunk is lost on the way back.
        if (p.confirmedBytes > 0 && p.confirmedBytes % (20 * MB) < MB && lostAnswers < 2) {
          lostAnswers++
          fake.network.dropResponses(1)
        }
      },
    }),
  )
  const result = await upload
  expect(server.counts.posts).toBe(1)
  expect(result.resumedFrom).toBe(0)
  expect(sha(storedFile(result.uploadUrl))).toBe(sha(source))
  // Never started again: at most the cut chunks and the lost answers' chunks went twice.
  const overhead = result.sentBytes - result.totalBytes
  expect(overhead).toBeGreaterThanOrEqual(0)
  expect(overhead).toBeLessThanOrEqual((cutAt.size + lostAnswers) * TUS_CHUNK_BYTES.good)
  expect(progress.at(-1)).toBe(50 * MB)
  for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1] as number)
  console.log(`resumed 50 MB upload: ${result.sentBytes} bytes sent for ${result.totalBytes} (${((result.sentBytes / result.totalBytes) * 100).toFixed(2)} %), ${cutAt.size} cuts + ${lostAnswers} lost answers`)
}, 120_000)

test('after an app restart the same file resumes from the server offset: a HEAD, no second creation, no byte sent twice', async () => {
  const server = tusServer()
  const storage = new FakeStorage()
  const localFiles = new FakeLocalFiles()
  const source = localFiles.put(VIDEO, patterned(6 * MB, 3))
  const first = createFakePlatform({ handler: server.handler, storage, localFiles })
  const monitor = createNetworkMonitor(first.platform)
  await monitor.ready
  const closing = createCanceller()
  // The phone loses the network after 3 MB are confirmed; while the upload waits for it, the
  // teacher closes the app.
  const error = await uploadResumable(
    options(first, {
      network: monitor,
      cancel: closing.signal,
      onProgress: (p) => {
        if (p.confirmedBytes >= 3 * MB && first.network.conditions.type !== 'none') {
          first.network.goOffline()
          setTimeout(closing.cancel, 20)
        }
      },
    }),
  ).catch((e: unknown) => e)
  monitor.dispose()
  expect(error).toMatchObject({ code: 'aborted' })

  localFiles.restart()
  const second = createFakePlatform({ handler: server.handler, storage, localFiles })
  const postsBefore = server.counts.posts
  const sentBefore = second.sent.length
  const result = await uploadResumable(options(second))
  expect(server.counts.posts).toBe(postsBefore)
  expect(second.sent[sentBefore]?.method).toBe('HEAD')
  expect(result.resumedFrom).toBeGreaterThanOrEqual(3 * MB)
  expect(result.sentBytes).toBe(result.totalBytes - result.resumedFrom)
  expect(sha(storedFile(result.uploadUrl))).toBe(sha(source))
  // Done: nothing kept for this file any more.
  expect(await createStore(second.platform, 'classroom').scope('uploads').keys()).toEqual([])
}, 60_000)

test('an empty file and a missing file are refused before anything is sent, in words a teacher can act on', async () => {
  const fake = createFakePlatform({ handler: tusServer().handler })
  fake.localFiles.put(VIDEO, new Uint8Array(0))
  await expect(uploadResumable(options(fake))).rejects.toMatchObject({ userMessage: '这个文件是空的（0 字节），请重新选择' })
  await expect(uploadResumable(options(fake, { filePath: 'wxfile://usr/none.mp4' }))).rejects.toMatchObject({ userMessage: '找不到要上传的文件，请重新选择' })
  expect(fake.sent).toEqual([])
})

test('metadata is base64 of UTF-8 (no btoa on WeChat), and Location resolves against the endpoint', () => {
  expect(base64Utf8('玉米.mp4')).toBe(Buffer.from('玉米.mp4', 'utf8').toString('base64'))
  expect(base64Utf8('a')).toBe('YQ==')
  expect(encodeUploadMetadata({ filename: 'a.mp4', lessonId: 'x' })).toBe(`filename ${Buffer.from('a.mp4').toString('base64')},lessonId eA==`)
  expect(resolveLocation(ENDPOINT, '/api/classroom/uploads/abc')).toBe('https://api.tianyuan.test/api/classroom/uploads/abc')
  expect(resolveLocation(ENDPOINT, 'abc')).toBe(`${ENDPOINT}/abc`)
  expect(resolveLocation(ENDPOINT, 'http://x/y')).toBe('http://x/y')
})
