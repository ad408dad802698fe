import { execFile, spawnSync } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import sharp from 'sharp'
import type { LessonMediaService } from '../modules/lesson-media'
import { ffmpegPath, probe } from '../modules/lesson-media/ffmpeg'
import type { Logger } from '../platform/logging'

const exec = promisify(execFile)

/**
 * Seed lessons' media, generated from the lessons' own text (no free-licence recordings of these
 * lessons exist in the registries we can reach — see lesson-media-LICENSE.md): each slide's text
 * drawn with a CJK font (WenQuanYi Micro Hei, through sharp's SVG renderer), spoken by espeak-ng's
 * Mandarin voice where the machine has it (silence otherwise — logged), joined by ffmpeg into one
 * small original that then goes through the normal pipeline like a teacher's upload.
 */
export interface SeedLesson {
  lessonId: string
  title: string
  /** One text per slide (a sentence or two each); the first slide shows the title too. */
  slides: string[]
}

export interface SeedLessonMediaOptions {
  logger: Logger
  /** Where the temporary files go (default: the OS temp folder). */
  workDir?: string
}

const WIDTH = 640
const HEIGHT = 360
/** Seconds a slide shows when there is no voice to time it by. */
const SILENT_SECONDS_PER_CHAR = 0.18

let espeak: boolean | undefined
/** Whether espeak-ng with a Mandarin voice is on this machine. */
export function hasMandarinVoice(): boolean {
  espeak ??= spawnSync('espeak-ng', ['--voices=cmn'], { encoding: 'utf8' }).stdout?.includes('cmn') ?? false
  return espeak
}

/** Generates the lesson's original and attaches it (transcoded in the background). Skips a lesson that has media. */
export async function seedLessonMedia(media: LessonMediaService, lesson: SeedLesson, options: SeedLessonMediaOptions): Promise<'attached' | 'skipped'> {
  if ((await media.describe(lesson.lessonId, { signed: false })).state !== 'none') return 'skipped'
  const dir = await fs.mkdtemp(path.join(options.workDir ?? os.tmpdir(), 'seed-lesson-'))
  try {
    const original = await renderLesson(lesson, dir)
    await media.attachOriginal({ lessonId: lesson.lessonId, file: original })
    return 'attached'
  } finally {
    await fs.rm(dir, { recursive: true, force: true })
  }
}

/**
 * For start-up: generates the lessons one after another without holding the start up (the API
 * listens at once; each lesson shows 'processing' until its editions are ready). Errors are logged.
 */
export function seedLessonMediaInBackground(media: LessonMediaService, lessons: readonly SeedLesson[], options: SeedLessonMediaOptions): Promise<void> {
  if (!hasMandarinVoice()) options.logger.warn('seed lesson media: espeak-ng (Mandarin) not found — lessons are generated silent')
  return (async () => {
    let attached = 0
    for (const lesson of lessons) {
      try {
        if ((await seedLessonMedia(media, lesson, options)) === 'attached') attached++
      } catch (error) {
        options.logger.warn({ err: error, lessonId: lesson.lessonId }, 'seed lesson media: not generated')
      }
    }
    if (attached) options.logger.info({ attached }, 'seed lesson media: originals generated, transcoding in the background')
  })()
}

/** The lesson as one MP4: each slide shown while its narration plays. Returns its path. */
export async function renderLesson(lesson: SeedLesson, dir: string): Promise<string> {
  const ffmpeg = ffmpegPath()
  const parts: string[] = []
  for (const [i, text] of lesson.slides.entries()) {
    const png = path.join(dir, `slide-${i}.png`)
    await sharp(Buffer.from(slideSvg(lesson.title, text, i, lesson.slides.length))).png().toFile(png)
    const wav = path.join(dir, `voice-${i}.wav`)
    const spoken = `${i === 0 ? `${lesson.title}。` : ''}${text}`
    if (hasMandarinVoice()) await exec('espeak-ng', ['-v', 'cmn', '-s', '165', '-w', wav, spoken])
    else {
      const seconds = Math.max(3, spoken.length * SILENT_SECONDS_PER_CHAR).toFixed(2)
      await exec(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `anullsrc=r=22050:cl=mono`, '-t', seconds, wav])
    }
    const part = path.join(dir, `part-${i}.mp4`)
    // A still picture at 5 frames a second (the original stays small) for exactly the narration and
    // a short pause: both streams the same length, so slides and voice stay together after joining
    // (-shortest overshoots a looped picture by about a second a part).
    const seconds = ((await probe(wav)).durationS + 0.6).toFixed(2)
    await exec(ffmpeg, [
      '-hide_banner', '-loglevel', 'error', '-y',
      '-loop', '1', '-framerate', '5', '-t', seconds, '-i', png, '-i', wav,
      '-af', 'apad', '-t', seconds,
      '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'stillimage', '-pix_fmt', 'yuv420p', '-r', '5',
      '-c:a', 'aac', '-b:a', '64k', '-ar', '44100', '-ac', '1', part,
    ])
    parts.push(part)
  }
  const list = path.join(dir, 'parts.txt')
  await fs.writeFile(list, parts.map((p) => `file '${p.replace(/'/g, "'\\''")}'`).join('\n'))
  const original = path.join(dir, 'original.mp4')
  await exec(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-movflags', '+faststart', original])
  return original
}

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!)

/** Breaks Chinese text into lines of at most `per` characters, preferring to break after punctuation. */
export function wrapText(text: string, per: number): string[] {
  const lines: string[] = []
  let line = ''
  const chars = [...text]
  for (const [i, ch] of chars.entries()) {
    line += ch
    // Punctuation never starts a line: it stays at the end of the one before.
    if (/[，。；！？、：）」]/.test(chars[i + 1] ?? '')) continue
    if ([...line].length >= per || (/[。；！？]/.test(ch) && [...line].length >= per * 0.6)) {
      lines.push(line)
      line = ''
    }
  }
  if (line) lines.push(line)
  return lines
}

function slideSvg(title: string, text: string, index: number, count: number): string {
  const font = "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif"
  const lines = wrapText(text, 18).slice(0, 6)
  const body = lines.map((l, i) => `<text x="40" y="${150 + i * 40}" font-size="28" fill="#1f2d1a">${escapeXml(l)}</text>`).join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">
  <rect width="100%" height="100%" fill="#f4f1e4"/>
  <rect width="100%" height="86" fill="${index === 0 ? '#3d7a2a' : '#5a8f3c'}"/>
  <text x="40" y="56" font-family="${font}" font-size="32" fill="#ffffff">${escapeXml(title)}</text>
  <g font-family="${font}">${body}</g>
  <text x="${WIDTH - 40}" y="${HEIGHT - 20}" font-family="${font}" font-size="18" fill="#6b6b5a" text-anchor="end">田间课堂 · ${index + 1}/${count}</text>
</svg>`
}
