import fs from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'
import type { LessonEditionKind, LessonFileRole, LessonSlideCue, LessonSlidesManifest } from '@tianyuan/contracts'
import { thumbhashOf } from '../../platform/media/images'
import { MediaError, probe, run, type Probe } from './ffmpeg'
import type { ContentStore } from './store'

/** A stored file as an edition lists it. */
export interface StoredFile {
  name: string
  sha256: string
  bytes: number
  mime: string
  role: LessonFileRole
}

/** An edition as published (the lesson's JSON adds URLs). `hls`: the playlist first, then its segments. */
export interface PublishedEdition {
  kind: LessonEditionKind
  files: StoredFile[]
  hls?: StoredFile[]
  width?: number
  height?: number
  cues?: LessonSlideCue[]
}

/** What a job has done so far (saved after every step: a resumed job skips what is here). */
export interface JobOutputs {
  probe?: Probe
  audio?: StoredFile
  slides?: { files: StoredFile[]; cues: LessonSlideCue[] }
  poster?: { file: StoredFile; thumbhash: string }
  video240?: { mp4: StoredFile; hls: StoredFile[]; width: number; height: number } | null
  video360?: { mp4: StoredFile; hls: StoredFile[]; width: number; height: number } | null
}

/** The encoding choices (see the module README for why each). */
export const ENCODING = {
  /**
   * Spoken lessons: AAC-LC mono, which WeChat's iOS audio plays. ffmpeg's native AAC encoder
   * overshoots its target on speech (24k gave 29–31 kbps on the seed's narration, 24 on a tone), so
   * the target is 22k: 24–26 kbps delivered, which leaves the 2G edition's stills room under 35 kbps.
   */
  audioKbps: 22,
  audioSampleRate: 22050,
  /** The audio inside the video editions. */
  videoAudioKbps: 32,
  video: {
    video240: { shortSide: 240, crf: 30, maxrateK: 260 },
    video360: { shortSide: 360, crf: 29, maxrateK: 480 },
  },
  fps: 25,
  hlsSegmentS: 6,
  // A slide change on one template (text over the same background) scores 0.07–0.11 (measured on
  // the seed's lessons); 0.06 catches it. The gap between stills grows with the lesson's length so
  // that at most maxCount of them cover all of it, not just its start.
  slides: { sceneThreshold: 0.06, minIntervalS: 8, maxIntervalS: 90, maxCount: 40, width: 480, webpQuality: 50 },
  poster: { width: 640, jpegQuality: 70 },
} as const

export interface StepContext {
  input: string
  /** A folder for this job's temporary files (removed when the job ends). */
  work: string
  store: ContentStore
  signal: AbortSignal
  /** 0…1 of the current step. */
  progress(fraction: number): void
}

export type StepName = 'probe' | 'audio' | 'slides' | 'poster' | 'video240' | 'video360'

/** Each step's share of the whole job's time (measured roughly on this machine). */
export function stepWeights(hasVideo: boolean): Record<StepName, number> {
  return hasVideo
    ? { probe: 0.01, audio: 0.08, slides: 0.1, poster: 0.01, video240: 0.32, video360: 0.48 }
    : { probe: 0.02, audio: 0.98, slides: 0, poster: 0, video240: 0, video360: 0 }
}

/**
 * The upload was cut off: ffmpeg read past the end of the data its index points to (MP4/MOV:
 * "partial file"), or the output is far shorter than the container says. (Not merely shorter: a
 * phone's sound track often ends a little before its picture — the container's duration is the
 * longer of the two.)
 */
function checkComplete(what: Probe, declaredS: number, stderr: string) {
  const partial = /: partial file/.test(stderr)
  if (partial || (what.durationS < declaredS * 0.75 && declaredS - what.durationS > 2)) {
    throw new MediaError(`文件不完整：只读到 ${what.durationS.toFixed(1)} 秒，文件说有 ${declaredS.toFixed(1)} 秒。请重新上传完整的文件`)
  }
}

async function storeAs(ctx: StepContext, file: string, name: string, mime: string, role: LessonFileRole): Promise<StoredFile> {
  const { sha256, bytes } = await ctx.store.put(file)
  return { name, sha256, bytes, mime, role }
}

export async function stepAudio(ctx: StepContext, original: Probe): Promise<StoredFile> {
  const out = path.join(ctx.work, 'audio.m4a')
  const source = original.hasAudio
    ? ['-i', ctx.input, '-map', '0:a:0']
    : ['-f', 'lavfi', '-i', `anullsrc=r=${ENCODING.audioSampleRate}:cl=mono`, '-t', original.durationS.toFixed(3)]
  const { stderr } = await run(
    [
      '-hide_banner', '-nostdin', '-y', ...source, '-vn', '-sn', '-dn',
      '-ac', '1', '-ar', String(ENCODING.audioSampleRate),
      '-c:a', 'aac', '-profile:a', 'aac_low', '-b:a', `${ENCODING.audioKbps}k`,
      '-movflags', '+faststart', '-map_metadata', '-1', out,
    ],
    { signal: ctx.signal, onProgress: (s) => ctx.progress(s / original.durationS) },
  )
  checkComplete(await probe(out), original.durationS, stderr)
  return storeAs(ctx, out, 'audio.m4a', 'audio/mp4', 'audio')
}

/**
 * Stills picked by scene change (at least minIntervalS apart, one at least every maxIntervalS, at
 * most maxCount), as small WebP pictures with the second each shows from.
 */
export async function stepSlides(ctx: StepContext, original: Probe): Promise<{ files: StoredFile[]; cues: LessonSlideCue[] }> {
  const s = ENCODING.slides
  const dir = path.join(ctx.work, 'slides')
  await fs.rm(dir, { recursive: true, force: true })
  await fs.mkdir(dir, { recursive: true })
  const minGap = Math.max(s.minIntervalS, Math.ceil(original.durationS / s.maxCount))
  const select = `eq(n\\,0)+gt(scene\\,${s.sceneThreshold})*gte(t-prev_selected_t\\,${minGap})+gte(t-prev_selected_t\\,${Math.max(s.maxIntervalS, minGap)})`
  // Scaled first: scene detection on small frames is as good and several times cheaper.
  const { stderr } = await run(
    [
      '-hide_banner', '-nostdin', '-y', '-i', ctx.input, '-an', '-sn', '-dn',
      '-vf', `scale=w='if(gte(iw,ih),min(${s.width},iw),-2)':h='if(gte(iw,ih),-2,min(${s.width},ih))',select='${select}',showinfo`,
      '-fps_mode', 'vfr', '-frames:v', String(s.maxCount), path.join(dir, 'f-%03d.png'),
    ],
    { signal: ctx.signal, onProgress: (t) => ctx.progress((t / original.durationS) * 0.9) },
  ).catch(async (error: unknown) => {
    // ffmpeg before 5.1 (the npm build) knows only -vsync.
    if (error instanceof MediaError && /fps_mode/.test(error.message)) {
      return run(['-hide_banner', '-nostdin', '-y', '-i', ctx.input, '-an', '-vf', `scale=${s.width}:-2,select='${select}',showinfo`, '-vsync', 'vfr', '-frames:v', String(s.maxCount), path.join(dir, 'f-%03d.png')], {
        signal: ctx.signal,
      })
    }
    throw error
  })
  const times = [...stderr.matchAll(/\[Parsed_showinfo[^\]]*\][^\n]*?pts_time:\s*([0-9.]+)/g)].map((m) => Number(m[1]))
  const frames = (await fs.readdir(dir)).filter((f) => f.endsWith('.png')).sort()
  const files: StoredFile[] = []
  const cues: LessonSlideCue[] = []
  const manifest: LessonSlidesManifest = { durationS: original.durationS, audio: 'audio.m4a', slides: [] }
  for (const [i, frame] of frames.entries()) {
    const name = `slide-${String(i + 1).padStart(3, '0')}.webp`
    const webp = path.join(dir, name)
    const info = await sharp(path.join(dir, frame)).webp({ quality: s.webpQuality, effort: 4 }).toFile(webp)
    files.push(await storeAs(ctx, webp, name, 'image/webp', 'slide'))
    // The first still shows from the start, whatever its exact time.
    const atS = i === 0 ? 0 : Math.round((times[i] ?? i * s.maxIntervalS) * 10) / 10
    cues.push({ atS, name })
    manifest.slides.push({ atS, name, width: info.width, height: info.height })
  }
  if (files.length === 0) throw new MediaError('从视频里取不出画面，视频可能已损坏，请换一个文件')
  // The same timeline as a file of the edition: a downloaded lesson plays offline from its files alone.
  const manifestPath = path.join(dir, 'slides.json')
  await fs.writeFile(manifestPath, JSON.stringify(manifest))
  files.unshift(await storeAs(ctx, manifestPath, 'slides.json', 'application/json', 'manifest'))
  ctx.progress(1)
  return { files, cues }
}

export async function stepPoster(ctx: StepContext, original: Probe): Promise<{ file: StoredFile; thumbhash: string }> {
  const png = path.join(ctx.work, 'poster.png')
  const at = Math.min(original.durationS * 0.1, 10)
  await run(['-hide_banner', '-nostdin', '-y', '-ss', at.toFixed(2), '-i', ctx.input, '-frames:v', '1', '-an', png], { signal: ctx.signal })
  const jpeg = path.join(ctx.work, 'poster.jpg')
  const bytes = await sharp(png)
    .resize({ width: ENCODING.poster.width, height: ENCODING.poster.width, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: ENCODING.poster.jpegQuality, mozjpeg: true })
    .toBuffer()
  await fs.writeFile(jpeg, bytes)
  const thumbhash = await thumbhashOf(bytes)
  return { file: await storeAs(ctx, jpeg, 'poster.jpg', 'image/jpeg', 'video'), thumbhash }
}

/**
 * H.264 Main 3.1, 8-bit yuv420p, 25 fps, key frames every 2 s + AAC-LC mono: one faststart MP4 for
 * download, and the same streams cut (not re-encoded) into an HLS VOD playlist for streaming.
 * `shortSide`: the smaller of width and height (portrait phone videos stay portrait). Never upscaled.
 */
export async function stepVideo(
  ctx: StepContext,
  original: Probe,
  kind: 'video240' | 'video360',
): Promise<{ mp4: StoredFile; hls: StoredFile[]; width: number; height: number }> {
  const v = ENCODING.video[kind]
  const mp4 = path.join(ctx.work, `${kind}.mp4`)
  const S = v.shortSide
  const audio = original.hasAudio
    ? ['-map', '0:a:0', '-c:a', 'aac', '-profile:a', 'aac_low', '-ac', '1', '-ar', '44100', '-b:a', `${ENCODING.videoAudioKbps}k`]
    : ['-an']
  const { stderr } = await run(
    [
      '-hide_banner', '-nostdin', '-y', '-i', ctx.input, '-map', '0:v:0', ...audio, '-sn', '-dn',
      '-vf', `scale=w='if(gte(iw,ih),-2,min(${S},iw))':h='if(gte(iw,ih),min(${S},ih),-2)',fps=${ENCODING.fps},format=yuv420p,setsar=1`,
      '-c:v', 'libx264', '-profile:v', 'main', '-level:v', '3.1', '-pix_fmt', 'yuv420p', '-preset', 'veryfast',
      '-crf', String(v.crf), '-maxrate', `${v.maxrateK}k`, '-bufsize', `${v.maxrateK * 2}k`,
      '-g', String(ENCODING.fps * 2), '-keyint_min', String(ENCODING.fps),
      '-movflags', '+faststart', '-map_metadata', '-1', mp4,
    ],
    { signal: ctx.signal, onProgress: (s) => ctx.progress((s / original.durationS) * 0.95) },
  )
  const made = await probe(mp4)
  checkComplete(made, original.durationS, stderr)
  const dir = path.join(ctx.work, `${kind}-hls`)
  await fs.rm(dir, { recursive: true, force: true })
  await fs.mkdir(dir, { recursive: true })
  await run(
    [
      '-hide_banner', '-nostdin', '-y', '-i', mp4, '-c', 'copy', '-f', 'hls', '-hls_time', String(ENCODING.hlsSegmentS),
      '-hls_playlist_type', 'vod', '-hls_segment_filename', path.join(dir, 'seg-%03d.ts'), path.join(dir, 'index.m3u8'),
    ],
    { signal: ctx.signal },
  )
  // Segments are content-addressed too: the playlist names each as ../<sha256>/<name>, which
  // resolves under the same signed token as the playlist's own URL (…/<token>/<sha256>/index.m3u8).
  const playlist = await fs.readFile(path.join(dir, 'index.m3u8'), 'utf8')
  const segments: StoredFile[] = []
  const lines: string[] = []
  for (const line of playlist.split('\n')) {
    if (line && !line.startsWith('#')) {
      const seg = await storeAs(ctx, path.join(dir, line.trim()), line.trim(), 'video/mp2t', 'video')
      segments.push(seg)
      lines.push(`../${seg.sha256}/${seg.name}`)
    } else lines.push(line)
  }
  await fs.writeFile(path.join(dir, 'index.m3u8'), lines.join('\n'))
  const list = await storeAs(ctx, path.join(dir, 'index.m3u8'), 'index.m3u8', 'application/vnd.apple.mpegurl', 'video')
  const file = await storeAs(ctx, mp4, 'video.mp4', 'video/mp4', 'video')
  ctx.progress(1)
  return { mp4: file, hls: [list, ...segments], width: made.width, height: made.height }
}

/** Whether the original is large enough for this edition (never upscaled past the source). */
export function wantsVideo(original: Probe, kind: 'video240' | 'video360'): boolean {
  if (!original.hasVideo) return false
  if (kind === 'video240') return true
  return Math.min(original.width, original.height) >= ENCODING.video.video360.shortSide
}

/** The editions to publish, smallest first, from a finished job's outputs. */
export function editionsOf(outputs: JobOutputs): PublishedEdition[] {
  const editions: PublishedEdition[] = []
  if (!outputs.audio) return editions
  editions.push({ kind: 'audio', files: [outputs.audio] })
  const manifestFiles = outputs.slides ? outputs.slides.files : []
  editions.push({ kind: 'slides', files: [outputs.audio, ...manifestFiles], cues: outputs.slides?.cues ?? [] })
  for (const kind of ['video240', 'video360'] as const) {
    const v = outputs[kind]
    if (v) editions.push({ kind, files: [v.mp4], hls: v.hls, width: v.width, height: v.height })
  }
  return editions
}
