// 7. Lesson media: bytes per lesson-minute of each edition the pipeline makes (audio, the 2G
// edition = audio + stills, 240p and 360p video) against the original a teacher's phone uploads,
// scaled to a 10-minute lesson; and the transcode time per minute of original on this machine.
// The originals are generated here (no free recordings of such lessons are within reach): a
// phone-like 720p camera clip (a moving pattern with sensor noise, 4 Mbps, 128 kbps stereo), and
// (full run) a narrated-slides lesson like the seed's.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../../../apps/api/src/config'
import { openDatabase } from '../../../../apps/api/src/platform/db'
import { createLogger } from '../../../../apps/api/src/platform/logging'
import { createLessonMedia } from '../../../../apps/api/src/modules/lesson-media/service'
import { ffmpegPath } from '../../../../apps/api/src/modules/lesson-media/ffmpeg'
import { renderLesson } from '../../../../apps/api/src/seed/lesson-media'
import type { Benchmark, ChartGroup, Headline } from '../types'

const KINDS = ['audio', 'slides', 'video240', 'video360'] as const
const LESSON_MINUTES = 10

function cameraClip(dir: string, seconds: number): string {
  const file = path.join(dir, 'camera.mp4')
  execFileSync(ffmpegPath(), [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=30:duration=${seconds},noise=alls=10:allf=t+u`,
    '-f', 'lavfi', '-i', `sine=frequency=220:sample_rate=48000:duration=${seconds},aformat=channel_layouts=stereo`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-b:v', '4000k', '-maxrate', '4000k', '-bufsize', '8000k', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '128k', '-shortest', '-movflags', '+faststart', file,
  ])
  return file
}

async function slidesLesson(dir: string, minutes: number): Promise<string> {
  const text = [
    '密植能增产，但太密会倒伏、空秆。紧凑型品种每亩种四千五百到五千五百株。',
    '平展型品种每亩三千五百到四千株。肥水好的地块取上限，旱薄地取下限。',
    '播种时行距六十厘米，株距按密度算：每亩株数乘株距再乘行距，等于六百六十七平方米。',
    '出苗后三到四片叶间苗，五到六片叶定苗，留壮苗、匀苗，缺苗处就近留双株。',
  ]
  // Enough slides for about the asked length (espeak speaks ~12–15 s per slide here).
  const slides = Array.from({ length: Math.max(4, Math.round((minutes * 60) / 13)) }, (_, i) => text[i % text.length]!)
  return renderLesson({ lessonId: 'bench', title: '玉米合理密植', slides }, dir)
}

export const lessonMediaBenchmark: Benchmark = {
  name: 'lesson-media',
  title: 'Lesson media: bytes of a 10-minute lesson per edition, transcode time',
  async run(ctx) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lesson-media-'))
    const notes: string[] = []
    try {
      const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, MEDIA_DIR: path.join(dir, 'media'), LESSON_MEDIA_URL_SECRET: 'bench-secret-bench-secret-bench-secret-00' })
      const db = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'bench.db') })
      const media = createLessonMedia({ db: db.kysely, config, logger: createLogger({ level: 'silent' }) })
      const sources = [{ name: 'camera 720p', make: async () => cameraClip(dir, ctx.quick ? 10 : 120) }]
      if (!ctx.quick) sources.push({ name: 'narrated slides', make: () => slidesLesson(dir, 2) })
      const rows: (string | number)[][] = []
      const groups: ChartGroup[] = []
      const headlines: Headline[] = []
      const data: unknown[] = []
      try {
        for (const [i, source] of sources.entries()) {
          const file = await source.make()
          const originalBytes = fs.statSync(file).size
          const lessonId = `bench-${i}`
          await media.attachOriginal({ lessonId, file })
          const t0 = performance.now()
          await media.work()
          const seconds = (performance.now() - t0) / 1000
          const m = await media.describe(lessonId, { signed: false })
          if (m.state !== 'ready' || !m.durationS) throw new Error(`${source.name}: ${m.state} ${m.error ?? ''}`)
          const perMinute = (bytes: number) => bytes / (m.durationS! / 60)
          const tenMinutes = (bytes: number) => perMinute(bytes) * LESSON_MINUTES
          const original10 = tenMinutes(originalBytes)
          rows.push([source.name, 'original', (perMinute(originalBytes) / 1024).toFixed(0), (original10 / 1024 / 1024).toFixed(1), Math.round((originalBytes * 8) / 1000 / m.durationS), '100 %'])
          const bars = [{ series: 'original', value: original10 }]
          const per: Record<string, number> = {}
          for (const kind of KINDS) {
            const e = m.editions.find((x) => x.kind === kind)
            if (!e) continue
            per[kind] = tenMinutes(e.bytes)
            bars.push({ series: kind, value: per[kind] })
            rows.push([source.name, kind, (perMinute(e.bytes) / 1024).toFixed(0), (per[kind] / 1024 / 1024).toFixed(2), e.kbps, `${((e.bytes / originalBytes) * 100).toFixed(1)} %`])
          }
          groups.push({ label: source.name, bars })
          const perMinuteOfOriginal = seconds / (m.durationS / 60)
          rows.push([source.name, `transcode: ${seconds.toFixed(1)} s for ${m.durationS.toFixed(0)} s`, '', '', '', `${perMinuteOfOriginal.toFixed(1)} s per minute`])
          if (i === 0) {
            headlines.push({ metric: '2G edition (audio + stills), 10-minute lesson', value: Math.round(per.slides ?? 0), baseline: Math.round(per.video240 ?? 0), unit: 'B', baselineLabel: '240p video' })
            headlines.push({ metric: 'audio edition, 10-minute lesson', value: Math.round(per.audio ?? 0), baseline: Math.round(original10), unit: 'B', baselineLabel: 'original (720p phone clip)' })
            headlines.push({ metric: '240p video, 10-minute lesson', value: Math.round(per.video240 ?? 0), baseline: Math.round(original10), unit: 'B', baselineLabel: 'original (720p phone clip)' })
            headlines.push({ metric: 'transcode time per minute of original', value: Math.round(perMinuteOfOriginal * 1000), baseline: 60_000, unit: 'ms', baselineLabel: 'one minute (real time)' })
          }
          data.push({ source: source.name, durationS: m.durationS, originalBytes, transcodeSeconds: seconds, editions: m.editions.map((e) => ({ kind: e.kind, bytes: e.bytes, kbps: e.kbps, files: e.files.length })) })
          ctx.log(`${source.name}: ${m.durationS.toFixed(0)} s transcoded in ${seconds.toFixed(1)} s`)
        }
      } finally {
        await media.stop()
        await db.close()
      }
      notes.push(`Sources generated here (${ctx.quick ? 'quick: a 20 s camera clip' : 'a 120 s camera clip and a ~2-minute narrated-slides lesson'}), measured per minute and scaled to ${LESSON_MINUTES} minutes. The camera clip is synthetic (a moving test pattern with sensor-like noise, recorded at 4 Mbps like a phone's 720p): real footage compresses differently, but the video editions are held under their rate caps whatever the content (240p ≤ 260 kbps, 360p ≤ 480 kbps), and the audio and 2G editions depend on the duration, not the picture.`)
      notes.push(`Transcode time on this machine (${os.cpus().length} cores shared with other work, load ${os.loadavg()[0]!.toFixed(1)}): every edition, one job at a time, ffmpeg ${execFileSync(ffmpegPath(), ['-version']).toString().split('\n')[0]!.split(' ')[2]}.`)
      return {
        headlines,
        charts: [{ title: 'Bytes of a 10-minute lesson per edition', unit: 'B', groups }],
        table: { columns: ['source', 'edition', 'KB per minute', 'MB per 10 minutes', 'kbps', 'of original'], rows },
        notes,
        data,
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  },
}
