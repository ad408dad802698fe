import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

/**
 * Which ffmpeg runs: `FFMPEG_PATH`, else the one on PATH (Debian's 5.1 here and in CI: libx264 and
 * the native AAC-LC encoder), else the optional npm package @ffmpeg-installer/ffmpeg (a 2018 static
 * build, ≈ 4.1 — only so a fresh machine without ffmpeg still works). Resolved once per process.
 */
export function resolveFfmpeg(env: Record<string, string | undefined> = process.env): { path: string; source: 'FFMPEG_PATH' | 'PATH' | 'npm' } | null {
  if (env.FFMPEG_PATH) return { path: env.FFMPEG_PATH, source: 'FFMPEG_PATH' }
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue
    const candidate = path.join(dir, 'ffmpeg')
    try {
      fs.accessSync(candidate, fs.constants.X_OK)
      return { path: candidate, source: 'PATH' }
    } catch {
      // not here
    }
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional dependency: absent on some machines
    const installer = require('@ffmpeg-installer/ffmpeg') as { path: string }
    if (spawnSync(installer.path, ['-version']).status === 0) return { path: installer.path, source: 'npm' }
  } catch {
    // not installed
  }
  return null
}

let resolved: string | null | undefined
/** The ffmpeg binary, or throws a zh-CN error the teacher's lesson shows. */
export function ffmpegPath(): string {
  if (resolved === undefined) resolved = resolveFfmpeg()?.path ?? null
  if (!resolved) throw new MediaError('服务器上没有转码程序（ffmpeg），请联系管理员', true)
  return resolved
}

/** A failure the lesson's media state shows. `retryable`: the machine's fault, worth another attempt. */
export class MediaError extends Error {
  constructor(
    message: string,
    readonly retryable = false,
  ) {
    super(message)
    this.name = 'MediaError'
  }
}

export interface Probe {
  durationS: number
  hasVideo: boolean
  hasAudio: boolean
  width: number
  height: number
  /** The input's container/codec words, for the logs. */
  summary: string
}

/**
 * What the original is, read from `ffmpeg -i` (the npm build has no ffprobe, so one way on every
 * machine). A text file named .mp4, an empty file, or anything ffmpeg cannot open → MediaError.
 */
export async function probe(file: string): Promise<Probe> {
  const stat = await fs.promises.stat(file)
  if (stat.size === 0) throw new MediaError('上传的文件是空的（0 字节），请重新选择视频或录音')
  const { stderr } = await run(['-hide_banner', '-nostdin', '-i', file], { allowFailure: true, timeoutMs: 30_000 })
  return parseProbe(stderr)
}

export function parseProbe(stderr: string): Probe {
  if (/Invalid data found when processing input|moov atom not found|could not find codec parameters/i.test(stderr) && !/Stream #\d+:\d+/.test(stderr)) {
    throw new MediaError('这个文件不是能播放的视频或录音（可能已损坏，或只是改了扩展名），请换一个文件')
  }
  const streams = stderr.split('\n').filter((l) => /^\s*Stream #\d+:\d+/.test(l))
  const video = streams.find((l) => /: Video: /.test(l) && !/\(attached pic\)/.test(l))
  const audio = streams.find((l) => /: Audio: /.test(l))
  if (!video && !audio) throw new MediaError('这个文件里没有声音也没有画面，请换一个视频或录音')
  const d = /Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(stderr)
  const durationS = d ? Number(d[1]) * 3600 + Number(d[2]) * 60 + Number(d[3]) : 0
  if (!(durationS > 0)) throw new MediaError('读不出这个文件有多长，文件可能不完整，请重新上传')
  const size = video ? /, (\d{2,5})x(\d{2,5})[\s,]/.exec(video) : null
  if (video && !size) throw new MediaError('读不出视频画面的大小，文件可能已损坏，请换一个文件')
  return {
    durationS,
    hasVideo: Boolean(video),
    hasAudio: Boolean(audio),
    width: size ? Number(size[1]) : 0,
    height: size ? Number(size[2]) : 0,
    summary: [video, audio].filter(Boolean).map((l) => l!.trim().replace(/^Stream #\S+ /, '')).join(' | ').slice(0, 300),
  }
}

export interface RunOptions {
  /** ffmpeg's `-progress pipe:1` reports: seconds of output written so far. */
  onProgress?: (outSeconds: number) => void
  /** Aborts (SIGKILL) the run: shutdown, or the job was cancelled. */
  signal?: AbortSignal
  timeoutMs?: number
  /** Resolve even when ffmpeg exits non-zero (probing). */
  allowFailure?: boolean
}

/** Runs ffmpeg; rejects with the tail of its log on failure. */
export function run(args: string[], options: RunOptions = {}): Promise<{ code: number; stderr: string }> {
  const progressArgs = options.onProgress ? ['-progress', 'pipe:1', '-nostats'] : []
  const child = spawn(ffmpegPath(), [...progressArgs, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  let stdoutBuffer = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-64_000)
  })
  child.stdout.on('data', (chunk: Buffer) => {
    stdoutBuffer += chunk.toString()
    const lines = stdoutBuffer.split('\n')
    stdoutBuffer = lines.pop() ?? ''
    for (const line of lines) {
      const m = /^out_time_(?:us|ms)=(\d+)/.exec(line)
      if (m && options.onProgress) options.onProgress(Number(m[1]) / 1e6)
    }
  })
  const kill = () => child.kill('SIGKILL')
  options.signal?.addEventListener('abort', kill, { once: true })
  const timer = options.timeoutMs ? setTimeout(kill, options.timeoutMs) : null
  return new Promise((resolve, reject) => {
    child.once('error', (error) => reject(new MediaError(`转码程序无法启动：${error.message}`, true)))
    child.once('close', (code, signal) => {
      if (timer) clearTimeout(timer)
      options.signal?.removeEventListener('abort', kill)
      if (options.signal?.aborted) return reject(new MediaError('转码被中止，稍后继续', true))
      if (code === 0 || options.allowFailure) return resolve({ code: code ?? -1, stderr })
      const tail = stderr.trim().split('\n').slice(-4).join(' / ')
      // Killed by a signal (the machine ran out of memory, say): worth another attempt; a refusal is not.
      reject(new MediaError(`转码失败（${signal ?? `ffmpeg 退出码 ${code}`}）：${tail.slice(0, 300)}`, signal !== null))
    })
  })
}
