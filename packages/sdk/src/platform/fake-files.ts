/**
 * LocalFiles and AudioHost for tests: files with real bytes in memory (hand the same
 * FakeLocalFiles to a second fake platform to simulate an app restart: USER_DATA_PATH survives,
 * temporary files do not), and audio players whose progress the test drives.
 */
import type { AudioPlayer, AudioPlayerEvent, AudioTrack, LocalFiles } from './types'

export const FAKE_USER_DATA_PATH = 'wxfile://usr'

export class FakeLocalFiles implements LocalFiles {
  readonly userDataPath = FAKE_USER_DATA_PATH
  /** Every file by path, its bytes. */
  readonly contents = new Map<string, Uint8Array>()
  /** Every read, for tests that count what an upload read from the phone. */
  readonly reads: { path: string; position: number; length: number }[] = []
  private temps = 0

  /** Puts a file on the phone (a video the teacher recorded); `bytes` may be a size to fill. */
  put(path: string, bytes: Uint8Array | number): Uint8Array {
    const data = typeof bytes === 'number' ? patterned(bytes) : bytes
    this.contents.set(path, data)
    return data
  }

  /** A new temporary file (what downloadFile writes). */
  temp(data: Uint8Array): string {
    const path = `wxfile://tmp/download-${++this.temps}`
    this.contents.set(path, data)
    return path
  }

  /** After an app restart WeChat has cleaned its temporary files; kept files stay. */
  restart(): void {
    for (const path of [...this.contents.keys()]) if (path.startsWith('wxfile://tmp/')) this.contents.delete(path)
  }

  async stat(path: string) {
    const data = this.contents.get(path)
    return data ? { bytes: data.byteLength } : undefined
  }

  async read(path: string, position = 0, length?: number): Promise<ArrayBuffer> {
    const data = this.contents.get(path)
    if (!data) throw new Error(`readFile:fail no such file or directory, open ${path}`)
    const end = length === undefined ? data.byteLength : Math.min(data.byteLength, position + length)
    this.reads.push({ path, position, length: end - position })
    return data.slice(position, end).buffer
  }

  async append(path: string, chunk: ArrayBuffer): Promise<void> {
    const before = this.contents.get(path) ?? new Uint8Array(0)
    const next = new Uint8Array(before.byteLength + chunk.byteLength)
    next.set(before, 0)
    next.set(new Uint8Array(chunk), before.byteLength)
    this.contents.set(path, next)
  }

  async remove(path: string): Promise<void> {
    this.contents.delete(path)
  }

  async usedBytes(): Promise<number> {
    let total = 0
    for (const [path, data] of this.contents) if (path.startsWith(this.userDataPath)) total += data.byteLength
    return total
  }
}

/** Bytes that differ by position, so a chunk written at the wrong offset shows. */
export function patterned(size: number, seed = 7): Uint8Array {
  const out = new Uint8Array(size)
  let x = seed
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    out[i] = x >>> 24
  }
  return out
}

/** A player the test drives: `advance(seconds)` plays on, `fail()` reports an error. */
export class FakeAudioPlayer implements AudioPlayer {
  track: AudioTrack | undefined
  rate = 1
  position = 0
  length = 0
  isPaused = true
  destroyed = false
  private readonly listeners = new Map<AudioPlayerEvent, Set<(detail?: { message?: string }) => void>>()

  constructor(readonly kind: 'background' | 'inner') {}

  emit(event: AudioPlayerEvent, detail?: { message?: string }): void {
    this.listeners.get(event)?.forEach((l) => l(detail))
  }
  load(track: AudioTrack): void {
    if (this.kind === 'background' && !track.title) throw new Error('BackgroundAudioManager needs a title')
    this.track = track
    this.position = track.startAt ?? 0
    this.rate = track.rate ?? 1
    this.isPaused = false
  }
  /** The host has the media: reports its length and starts sounding. */
  start(durationSeconds: number): void {
    this.length = durationSeconds
    this.emit('canplay')
    this.emit('play')
  }
  advance(seconds: number): void {
    if (this.isPaused) return
    this.position = Math.min(this.length || Infinity, this.position + seconds * this.rate)
    this.emit('timeupdate')
    if (this.length && this.position >= this.length) {
      this.isPaused = true
      this.emit('ended')
    }
  }
  play(): void {
    this.isPaused = false
    this.emit('play')
  }
  pause(): void {
    this.isPaused = true
    this.emit('pause')
  }
  seek(seconds: number): void {
    this.position = Math.max(0, seconds)
    this.emit('timeupdate')
  }
  setRate(rate: number): void {
    this.rate = Math.min(2, Math.max(0.5, rate))
  }
  stop(): void {
    this.isPaused = true
    this.emit('stop')
  }
  currentTime(): number {
    return this.position
  }
  duration(): number {
    return this.length
  }
  paused(): boolean {
    return this.isPaused
  }
  on(event: AudioPlayerEvent, listener: (detail?: { message?: string }) => void): () => void {
    const set = this.listeners.get(event) ?? new Set()
    this.listeners.set(event, set)
    set.add(listener)
    return () => set.delete(listener)
  }
  destroy(): void {
    this.destroyed = true
    this.isPaused = true
    this.listeners.clear()
  }
}

export class FakeAudioHost {
  readonly players: FakeAudioPlayer[] = []
  createPlayer(kind: 'background' | 'inner'): FakeAudioPlayer {
    const player = new FakeAudioPlayer(kind)
    this.players.push(player)
    return player
  }
}
