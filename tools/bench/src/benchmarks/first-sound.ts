// 8. Time to first sound on 2G: a lesson the real API transcoded (a 40-second clip, 8 s in the quick run, uploaded with
// tus, as a teacher's phone sends it), played the way the classroom's player plays it on a very slow
// link — the 2G edition's audio (AAC-LC mono m4a) in an <audio> element, which is what Taro's H5
// BackgroundAudioManager is — in headless Chromium under CDP's 2G profile (35 kbps, 1300 ms).
// Cold: nothing on the phone (the lesson's JSON, then the audio); warm: the lesson's JSON already
// on the phone (the SDK's stored copy), only the audio travels. The same-run baseline: the 240p
// MP4 (the smallest video edition) started the same way, cold — what a player without the 2G
// edition would make the villager wait for.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { classroomDb } from '../../../../apps/api/src/modules/classroom'
import { createTeacher } from '../../../../apps/api/src/modules/classroom/teacher'
import { ffmpegPath } from '../../../../apps/api/src/modules/lesson-media/ffmpeg'
import { CHROMIUM_ARGS, chromiumPath } from '../../../e2e/src/chromium'
import { NETWORK_PROFILES, setNetwork } from '../../../e2e/src/network'
import { login, startApiEnv, type ApiEnv } from '../api-env'
import { median } from '../stats'
import type { Benchmark, Headline } from '../types'

interface Edition {
  kind: string
  bytes: number
  files: { name: string; role: string; url?: string; bytes: number }[]
}

/** Four scenes with a tone (the 2G edition gets several stills), as a faststart MP4: 40 s, or 8 s for the quick run. */
function clip(dir: string, sceneS: number): string {
  const file = path.join(dir, 'lesson.mp4')
  const scene = (source: string) => ['-f', 'lavfi', '-i', `${source}s=640x360:r=25:d=${sceneS}`]
  execFileSync(ffmpegPath(), [
    '-hide_banner', '-loglevel', 'error', '-y',
    ...scene('color=c=red:'), ...scene('color=c=green:'), ...scene('color=c=blue:'), ...scene('testsrc='),
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${sceneS * 4}`,
    '-filter_complex', '[0:v][1:v][2:v][3:v]concat=n=4:v=1:a=0[v]', '-map', '[v]', '-map', '4:a',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-movflags', '+faststart', file,
  ])
  return file
}

/** A teacher's free course with one video lesson, its original sent by tus and transcoded; resolves with the lesson id. */
async function lessonWithMedia(env: ApiEnv, sceneS: number): Promise<string> {
  const token = await login(env.origin, '王老师')
  const auth = { authorization: `Bearer ${token}` }
  const call = async <T>(method: string, p: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${env.origin}/api${p}`, { method, headers: { ...auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`)
    return (await res.json()) as T
  }
  const me = await call<{ user: { id: string } }>('GET', '/me')
  await createTeacher(classroomDb(env.api.db.kysely), { userId: me.user.id, name: '王老师', org: '县农技站', intro: '农技站的老师。' }, Date.now())
  const { course } = await call<{ course: { id: string } }>('POST', '/classroom/teacher/courses', { title: '玉米合理密植', topic: 'planting', intro: '每亩留多少株，怎么定苗。', priceFen: 0 })
  const bytes = fs.readFileSync(clip(env.dataDir, sceneS))
  const created = await fetch(`${env.origin}/api/classroom/uploads`, { method: 'POST', headers: { ...auth, 'tus-resumable': '1.0.0', 'upload-length': String(bytes.length) } })
  const location = created.headers.get('location')
  if (created.status !== 201 || !location) throw new Error(`tus creation: ${created.status}`)
  const upload = new URL(location, env.origin).href
  const patched = await fetch(upload, { method: 'PATCH', headers: { ...auth, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: bytes })
  if (patched.status !== 204) throw new Error(`tus PATCH: ${patched.status}`)
  const { lesson } = await call<{ lesson: { id: string } }>('POST', `/classroom/teacher/courses/${course.id}/lessons`, { kind: 'video', title: '密植的道理', uploadId: upload.split('/').pop() })
  const deadline = Date.now() + 180_000
  for (;;) {
    const { lesson: l } = await call<{ lesson: { media: { state: string; error?: string } | null } }>('GET', `/classroom/teacher/lessons/${lesson.id}`)
    if (l.media?.state === 'ready') break
    if (l.media?.state === 'failed') throw new Error(`transcode failed: ${l.media.error}`)
    if (Date.now() > deadline) throw new Error('the lesson was not transcoded within 180 s')
    await new Promise((r) => setTimeout(r, 500))
  }
  await call('PATCH', `/classroom/teacher/courses/${course.id}`, { status: 'published' })
  return lesson.id
}

type Run = 'cold' | 'warm' | 'video-cold'

/**
 * One play in a fresh browser context on 2G: ms from the tap to the media element's `playing`
 * event (cold: the lesson's JSON first, from the network), with the bytes that travelled.
 */
async function firstSound(browser: Browser, origin: string, lessonId: string, run: Run, known: { audio: string; video: string }): Promise<{ ms: number; bytes: number }> {
  const context = await browser.newContext()
  const page = await context.newPage()
  try {
    // A same-origin page to run in (the classroom's home JSON), loaded before throttling.
    await page.goto(`${origin}/api/classroom/home`)
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    let bytes = 0
    cdp.on('Network.dataReceived', (e: { encodedDataLength: number }) => (bytes += e.encodedDataLength))
    await setNetwork(page, '2G')
    const ms = await page.evaluate(
      async ({ lessonId, run, known }) => {
        const t0 = performance.now()
        let src = run === 'video-cold' ? known.video : known.audio
        if (run !== 'warm') {
          const res = await fetch(`/api/classroom/lessons/${lessonId}`)
          const { lesson } = (await res.json()) as { lesson: { media: { editions: Edition[] } } }
          const edition = lesson.media.editions.find((e) => e.kind === (run === 'video-cold' ? 'video240' : 'slides'))
          const file = edition?.files.find((f) => f.role === (run === 'video-cold' ? 'video' : 'audio'))
          if (!file?.url) throw new Error('no media URL in the lesson')
          src = file.url
        }
        const media = run === 'video-cold' ? document.createElement('video') : new Audio()
        media.muted = true
        media.src = src
        const playing = new Promise<void>((resolve, reject) => {
          media.addEventListener('playing', () => resolve(), { once: true })
          media.addEventListener('error', () => reject(new Error(`media error ${media.error?.code}`)), { once: true })
        })
        await media.play()
        await playing
        return performance.now() - t0
      },
      { lessonId, run, known },
    )
    // Everything that arrived until the sound started (the media element keeps buffering after).
    return { ms, bytes }
  } finally {
    await context.close()
  }
}

export const firstSoundBenchmark: Benchmark = {
  name: 'first-sound',
  title: 'Time to first sound on 2G (the 2G edition), cold and warm',
  async run({ quick, log }) {
    const env = await startApiEnv()
    let browser: Browser | undefined
    try {
      // Quick: 2-second scenes. The quick run only proves the benchmark still runs; the transcode is
      // the part that grows with the clip (the plays on 2G start after the first few KB whatever its length).
      const sceneS = quick ? 2 : 10
      log(`transcoding a ${sceneS * 4}-second lesson (tus upload, lesson-media job)…`)
      const lessonId = await lessonWithMedia(env, sceneS)
      const detail = (await (await fetch(`${env.origin}/api/classroom/lessons/${lessonId}`)).json()) as { lesson: { media: { editions: Edition[] } } }
      const editions = detail.lesson.media.editions
      const slides = editions.find((e) => e.kind === 'slides')
      const video = editions.find((e) => e.kind === 'video240')
      const audioUrl = slides?.files.find((f) => f.role === 'audio')?.url
      const videoUrl = video?.files.find((f) => f.role === 'video')?.url
      if (!audioUrl || !videoUrl) throw new Error('the lesson has no 2G audio or 240p video')
      browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required', '--mute-audio'] })
      const runs = quick ? 1 : 3
      const samples: Record<Run, { ms: number; bytes: number }[]> = { cold: [], warm: [], 'video-cold': [] }
      for (let i = 0; i < runs; i++) {
        for (const run of ['cold', 'warm', 'video-cold'] as const) {
          const s = await firstSound(browser, env.origin, lessonId, run, { audio: audioUrl, video: videoUrl })
          log(`${run} #${i + 1}: ${(s.ms / 1000).toFixed(1)} s, ${(s.bytes / 1024).toFixed(1)} KB`)
          samples[run].push(s)
        }
      }
      const med = (run: Run) => median(samples[run].map((s) => s.ms)) ?? NaN
      const kb = (run: Run) => (median(samples[run].map((s) => s.bytes)) ?? NaN) / 1024
      const headlines: Headline[] = [
        { metric: 'first sound on 2G, cold (lesson JSON + audio)', value: Math.round(med('cold')), baseline: Math.round(med('video-cold')), unit: 'ms', baselineLabel: '240p MP4, cold' },
        { metric: 'first sound on 2G, warm (lesson on the phone)', value: Math.round(med('warm')), baseline: Math.round(med('video-cold')), unit: 'ms', baselineLabel: '240p MP4, cold' },
      ]
      return {
        headlines,
        charts: [
          {
            title: 'Time to first sound on 2G (35 kbps, 1300 ms), median',
            unit: 's',
            groups: (['cold', 'warm', 'video-cold'] as const).map((run) => ({ label: run === 'video-cold' ? '240p video, cold' : `2G edition, ${run}`, bars: [{ series: 'seconds', value: Math.round(med(run) / 100) / 10 }] })),
          },
        ],
        table: {
          columns: ['run', 'median s', 'KB before the sound', 'runs'],
          rows: (['cold', 'warm', 'video-cold'] as const).map((run) => [run === 'video-cold' ? '240p MP4, cold' : `2G edition, ${run}`, (med(run) / 1000).toFixed(1), kb(run).toFixed(1), runs]),
        },
        notes: [
          `2G profile: ${NETWORK_PROFILES['2G'].label} through CDP (per-request latency and throughput; no TCP or TLS round trips, no loss). The 2G edition's audio is ${((slides?.files.find((f) => f.role === 'audio')?.bytes ?? 0) / 1024).toFixed(0)} KB for ${sceneS * 4} s; the 240p MP4 ${((video?.bytes ?? 0) / 1024).toFixed(0)} KB.`,
          'Chromium starts an <audio> once it has a little buffered (Taro H5 BackgroundAudioManager is an <audio>); WeChat\'s own players were not measured here. A downloaded lesson starts with nothing fetched.',
        ],
        data: { lessonId, samples, editions: editions.map((e) => ({ kind: e.kind, bytes: e.bytes })) },
      }
    } finally {
      await browser?.close()
      await env.close()
    }
  },
}
