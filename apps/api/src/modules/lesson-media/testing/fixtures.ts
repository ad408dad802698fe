import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { ffmpegPath } from '../ffmpeg'

/**
 * Tiny originals made by ffmpeg in the test's temp folder: a lavfi test pattern with a tone, as a
 * faststart MP4 (its index first, so a cut-off copy still opens — the truncated-upload case).
 */
export function makeClip(dir: string, options: { seconds?: number; width?: number; height?: number; name?: string } = {}): string {
  const { seconds = 6, width = 640, height = 360, name = 'clip.mp4' } = options
  const file = path.join(dir, name)
  execFileSync(ffmpegPath(), [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=25:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-movflags', '+faststart', file,
  ])
  return file
}

/** A spoken-lesson stand-in: a tone as m4a, no pictures. */
export function makeAudio(dir: string, seconds = 5): string {
  const file = path.join(dir, 'talk.m4a')
  execFileSync(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=330:duration=${seconds}`, '-c:a', 'aac', file])
  return file
}

/** The first `fraction` of a file's bytes: an upload cut off and then sent for transcoding anyway. */
export function truncate(file: string, fraction: number, name = 'truncated.mp4'): string {
  const out = path.join(path.dirname(file), name)
  const bytes = fs.readFileSync(file)
  fs.writeFileSync(out, bytes.subarray(0, Math.floor(bytes.length * fraction)))
  return out
}

export interface StreamInfo {
  codec_name: string
  codec_type: string
  profile?: string
  pix_fmt?: string
  channels?: number
  width?: number
  height?: number
}

/** ffprobe's view of a file (tests only: the server itself probes with ffmpeg). */
export function ffprobe(file: string): { streams: StreamInfo[]; format: { duration: string; format_name: string } } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,codec_type,profile,pix_fmt,channels,width,height:format=duration,format_name', '-of', 'json', file])
  return JSON.parse(out.toString()) as { streams: StreamInfo[]; format: { duration: string; format_name: string } }
}

/** The MP4's top-level boxes in order: faststart puts `moov` before `mdat`. */
export function topLevelBoxes(file: string): string[] {
  const bytes = fs.readFileSync(file)
  const boxes: string[] = []
  let at = 0
  while (at + 8 <= bytes.length) {
    let size = bytes.readUInt32BE(at)
    const type = bytes.toString('latin1', at + 4, at + 8)
    if (size === 1) size = Number(bytes.readBigUInt64BE(at + 8))
    boxes.push(type)
    if (size < 8) break
    at += size
  }
  return boxes
}
