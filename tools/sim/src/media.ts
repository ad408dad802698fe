// The phone's file system (wx.getFileSystemManager) and audio (wx.getBackgroundAudioManager,
// wx.createInnerAudioContext) for the simulator. Files live in SimWx.files (what downloadFile
// writes); audio loads its source the way WeChat does — an http(s) URL through the test's fetch
// handler (so it fails offline and is logged in `requests`), a local path from the files — and
// then plays as the test advances the clock (`audio.advance(seconds)`).
import { answerAsync, WxFailure, type WxCallbacks } from './callbacks'
import type { RequestRecord, TransferContext } from './requests'

type Handler = (result?: Record<string, unknown>) => void

const USER_DATA_PATH = 'wxfile://usr'

/** wx.getFileSystemManager(): the calls a download manager and a resumable upload make. */
export function fileSystemManager(files: Map<string, Uint8Array>): Record<string, unknown> {
  const need = (path: unknown): Uint8Array => {
    const data = files.get(String(path))
    if (!data) throw new WxFailure(`no such file or directory, open ${String(path)}`)
    return data
  }
  const toBytes = (data: unknown): Uint8Array => {
    if (data instanceof ArrayBuffer) return new Uint8Array(data)
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength))
    return new TextEncoder().encode(String(data))
  }
  type Opts = WxCallbacks & Record<string, unknown>
  return {
    readFile: (o: Opts) =>
      answerAsync('readFile', o, () => {
        const data = need(o.filePath)
        const start = typeof o.position === 'number' ? o.position : 0
        const end = typeof o.length === 'number' ? Math.min(data.byteLength, start + o.length) : data.byteLength
        const slice = data.slice(start, end)
        return { data: o.encoding ? new TextDecoder().decode(slice) : slice.buffer }
      }),
    writeFile: (o: Opts) =>
      answerAsync('writeFile', o, () => {
        files.set(String(o.filePath), toBytes(o.data))
        return {}
      }),
    appendFile: (o: Opts) =>
      answerAsync('appendFile', o, () => {
        const before = need(o.filePath)
        const add = toBytes(o.data)
        const next = new Uint8Array(before.byteLength + add.byteLength)
        next.set(before)
        next.set(add, before.byteLength)
        files.set(String(o.filePath), next)
        return {}
      }),
    unlink: (o: Opts) =>
      answerAsync('unlink', o, () => {
        need(o.filePath)
        files.delete(String(o.filePath))
        return {}
      }),
    stat: (o: Opts) =>
      answerAsync('stat', o, () => {
        const path = String(o.path).replace(/\/+$/, '')
        const fileStats = (size: number) => ({ size, isFile: () => true, isDirectory: () => false, lastModifiedTime: 0 })
        const data = files.get(path)
        if (data && !o.recursive) return { stats: fileStats(data.byteLength) }
        const under = [...files.entries()].filter(([p]) => p.startsWith(`${path}/`))
        if (!under.length && !data && path !== USER_DATA_PATH) throw new WxFailure(`no such file or directory ${path}`)
        if (!o.recursive) return { stats: { size: 0, isFile: () => false, isDirectory: () => true, lastModifiedTime: 0 } }
        return { stats: under.map(([p, d]) => ({ path: p.slice(path.length), stats: fileStats(d.byteLength) })) }
      }),
    getSavedFileList: (o: Opts) => answerAsync('getSavedFileList', o, () => ({ fileList: [] })),
  }
}

/** What the test sees of one audio object. */
export class SimAudio {
  src = ''
  title = ''
  epname = ''
  singer = ''
  coverImgUrl = ''
  startTime = 0
  playbackRate = 1
  currentTime = 0
  duration = 0
  paused = true
  destroyed = false
  /** ms from setting the source (or play()) to the first sound: the sim's "time to first sound". */
  loadedSources: string[] = []
  private readonly handlers = new Map<string, Set<Handler>>()

  constructor(
    readonly kind: 'background' | 'inner',
    private readonly hub: SimAudioHub,
  ) {}

  /** The object WeChat hands the app: properties and onX/offX, bound to this. */
  api(): Record<string, unknown> {
    const api: Record<string, unknown> = {
      play: () => this.play(),
      pause: () => this.pause(),
      stop: () => this.stop(),
      seek: (s: number) => this.seek(s),
      destroy: () => this.destroy(),
    }
    for (const event of ['Canplay', 'Play', 'Pause', 'Stop', 'Ended', 'TimeUpdate', 'Waiting', 'Error', 'Seeking', 'Seeked', 'Prev', 'Next']) {
      const key = event.toLowerCase()
      api[`on${event}`] = (h: Handler) => {
        // BackgroundAudioManager keeps one handler per event; InnerAudioContext adds listeners.
        if (this.kind === 'background') this.handlers.set(key, new Set([h]))
        else (this.handlers.get(key) ?? this.handlers.set(key, new Set()).get(key))?.add(h)
      }
      api[`off${event}`] = (h?: Handler) => (h ? this.handlers.get(key)?.delete(h) : this.handlers.delete(key))
    }
    for (const field of ['title', 'epname', 'singer', 'coverImgUrl', 'startTime', 'playbackRate'] as const) {
      Object.defineProperty(api, field, { get: () => this[field], set: (v: never) => (this[field] = v), enumerable: true })
    }
    Object.defineProperty(api, 'src', {
      get: () => this.src,
      set: (v: string) => {
        this.src = v
        if (this.kind === 'background') {
          // Setting the src starts playing; WeChat refuses without a title.
          if (!this.title) return this.emit('error', { errMsg: 'title is required', errCode: 10004 })
          void this.load()
        }
      },
      enumerable: true,
    })
    for (const field of ['currentTime', 'duration', 'paused'] as const) Object.defineProperty(api, field, { get: () => this[field], enumerable: true })
    return api
  }

  emit(event: string, result?: Record<string, unknown>): void {
    this.handlers.get(event)?.forEach((h) => h(result))
  }

  /** Fetches the source (or reads the local file), then sounds. */
  async load(): Promise<void> {
    const src = this.src
    this.loadedSources.push(src)
    this.paused = false
    this.emit('waiting')
    const fail = (errMsg: string) => {
      this.paused = true
      this.emit('error', { errMsg, errCode: 10002 })
    }
    try {
      if (/^https?:/.test(src)) await this.hub.fetchMedia(src)
      else if (!this.hub.files.has(src)) return fail(`file not found ${src}`)
      else if (this.kind === 'background' && !this.hub.backgroundPlaysLocal) return fail('BackgroundAudioManager cannot play local file')
    } catch (error) {
      return fail(String((error as Error).message ?? error))
    }
    if (this.src !== src || this.destroyed) return
    this.duration = this.hub.durationOf(src)
    this.currentTime = Math.min(this.startTime, this.duration)
    this.emit('canplay')
    if (!this.paused) this.emit('play')
  }

  play(): void {
    if (this.destroyed) return
    if (this.kind === 'inner' && this.loadedSources.at(-1) !== this.src) {
      void this.load()
      return
    }
    this.paused = false
    this.emit('play')
  }
  pause(): void {
    this.paused = true
    this.emit('pause')
  }
  stop(): void {
    this.paused = true
    this.emit('stop')
  }
  seek(seconds: number): void {
    this.currentTime = Math.max(0, Math.min(seconds, this.duration || seconds))
    this.emit('seeked')
    this.emit('timeupdate')
  }
  destroy(): void {
    this.destroyed = true
    this.paused = true
    this.handlers.clear()
  }

  /** Plays on for `seconds` (at its rate), a time update each second, as WeChat reports them. */
  advance(seconds: number): void {
    for (let s = 0; s < seconds && !this.paused; s++) {
      this.currentTime = Math.min(this.duration, this.currentTime + this.playbackRate)
      this.emit('timeupdate')
      if (this.duration && this.currentTime >= this.duration) {
        this.paused = true
        this.emit('ended')
      }
    }
  }
}

/** Every audio object the app made; `background` is WeChat's one BackgroundAudioManager. */
export class SimAudioHub {
  readonly players: SimAudio[] = []
  /** Whether BackgroundAudioManager plays a downloaded (local) file; WeChat does not promise it. */
  backgroundPlaysLocal = true
  private background?: SimAudio
  private durations = new Map<string, number>()
  private defaultDuration = 600

  constructor(
    readonly files: Map<string, Uint8Array>,
    private readonly transfers: TransferContext,
  ) {}

  /** The length (seconds) the host reports for sources matching `pattern` (default 600). */
  setDuration(seconds: number, pattern?: string): void {
    if (pattern === undefined) this.defaultDuration = seconds
    else this.durations.set(pattern, seconds)
  }
  durationOf(src: string): number {
    for (const [pattern, seconds] of this.durations) if (src.includes(pattern)) return seconds
    return this.defaultDuration
  }

  /** The one BackgroundAudioManager, once the app asked for it. */
  get backgroundAudio(): SimAudio | undefined {
    return this.background
  }
  /** The player that made a sound last. */
  get current(): SimAudio | undefined {
    return [...this.players].reverse().find((p) => !p.destroyed)
  }

  getBackgroundAudioManager(): Record<string, unknown> {
    if (!this.background) {
      this.background = new SimAudio('background', this)
      this.players.push(this.background)
      this.backgroundApi = this.background.api()
    }
    return this.backgroundApi as Record<string, unknown>
  }
  private backgroundApi?: Record<string, unknown>

  createInnerAudioContext(): Record<string, unknown> {
    const player = new SimAudio('inner', this)
    this.players.push(player)
    const api = player.api()
    // InnerAudioContext does not start on src: play() does.
    return api
  }

  /** A streamed source: a GET through the test's handler, logged like WeChat's own requests. */
  async fetchMedia(url: string): Promise<void> {
    const record: RequestRecord = { api: 'audio', method: 'GET', url }
    this.transfers.log.push(record)
    if (!this.transfers.isOnline()) {
      record.error = 'audio:fail net::ERR_INTERNET_DISCONNECTED'
      throw new Error('net::ERR_INTERNET_DISCONNECTED')
    }
    const handler = this.transfers.handler()
    if (!handler) throw new Error(`no fetch handler for ${url}`)
    const response = await handler(new Request(url, { headers: { range: 'bytes=0-' } }))
    record.status = response.status
    await response.arrayBuffer()
    if (response.status >= 400) throw new Error(`audio source answered ${response.status}`)
  }

  reset(): void {
    this.players.length = 0
    this.background = undefined
    this.backgroundApi = undefined
    this.backgroundPlaysLocal = true
    this.durations.clear()
    this.defaultDuration = 600
  }
}
