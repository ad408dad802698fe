/**
 * Downloads for offline use (a lesson's edition: one or more files) that survive a dropping
 * link and an app restart. WeChat's downloadFile has no resume, so each file is fetched in
 * Range requests of a chunk each and appended with the FileSystemManager under
 * USER_DATA_PATH; after a cut (or a restart) the next request asks for the rest from the
 * bytes already on the phone. Files are checked against their size from the lesson's JSON.
 * Before a download starts, the space it needs is compared with WeChat's 200 MB per
 * mini-program, and one that would not fit is refused with a message saying what to do.
 */
import { SdkError, USER_MESSAGES } from '../errors/sdk-error'
import type { LinkClass } from '../network/link-class'
import type { NetworkMonitor } from '../network/network-monitor'
import { LOCAL_FILES_LIMIT_BYTES, TransferFailure, type DownloadResponse, type LocalFiles, type Platform } from '../platform/types'
import { abortedError, pause, runWithRetries } from '../request/retry'
import { createCanceller, type CancelSignal } from '../request/cancel'
import { DEFAULT_RETRY_POLICY, isRetryableStatus, type RetryPolicy } from '../request/retry-policy'
import type { KeyValueStore } from '../storage/store'

/** Bytes per Range request by link class: one chunk crosses the link well within its timeout. */
export const DOWNLOAD_CHUNK_BYTES: Record<LinkClass, number> = { good: 1024 * 1024, slow: 256 * 1024, 'very-slow': 64 * 1024, offline: 64 * 1024 }
const FLOOR_KBPS: Record<LinkClass, number> = { good: 1000, slow: 200, 'very-slow': 24, offline: 24 }
const MIN_TIMEOUT_MS: Record<LinkClass, number> = { good: 10_000, slow: 20_000, 'very-slow': 30_000, offline: 30_000 }

export interface DownloadFileSpec {
  url: string
  bytes: number
  mime?: string
}

/** What to download: e.g. a lesson's edition. `id` names it (lessonId:kind). */
export interface DownloadItem {
  id: string
  title: string
  files: DownloadFileSpec[]
  /** Anything the app wants back with the record (lesson id, edition kind, duration…). */
  meta?: Record<string, string | number | boolean | undefined>
}

export type DownloadStatus = 'queued' | 'downloading' | 'waiting_network' | 'paused' | 'done' | 'failed'

export interface DownloadRecord extends DownloadItem {
  status: DownloadStatus
  totalBytes: number
  /** On the phone now (finished files and the part of the current one). */
  receivedBytes: number
  /** Where each file is (or will be) kept, in the order of `files`. */
  localPaths: string[]
  /** zh-CN, when failed. */
  error?: string
  createdAt: number
  finishedAt?: number
}

export interface StorageUsage {
  usedBytes: number
  limitBytes: number
  /** Still to come for downloads not finished yet: space they will take. */
  reservedBytes: number
}

export type DownloadCheck = { fits: true; needBytes: number; freeBytes: number } | { fits: false; needBytes: number; freeBytes: number; message: string }

export interface DownloadManagerOptions {
  platform: Platform
  files: LocalFiles
  /** Where the list of downloads is kept (e.g. the app's store.scope('downloads')). */
  store: KeyValueStore
  network?: NetworkMonitor
  /** 200 MB: WeChat's limit for saved and user files per mini-program. */
  limitBytes?: number
  chunkBytes?: number
  retry?: Partial<RetryPolicy>
  random?: () => number
  /** Signed URLs expire: asked once for fresh ones when the server answers 401/403/404/410. */
  refreshFiles?: (item: DownloadRecord) => Promise<DownloadFileSpec[]>
  /** Resume what was downloading when the app was closed (default true). */
  resumeOnStart?: boolean
}

export interface DownloadManager {
  /** Resolves once the stored list is read (and interrupted downloads resumed). */
  readonly ready: Promise<void>
  list(): DownloadRecord[]
  get(id: string): DownloadRecord | undefined
  /** Local paths of a finished download, in order; undefined unless done (play offline from these). */
  localPaths(id: string): string[] | undefined
  usage(): Promise<StorageUsage>
  /** Whether `item` fits in what is left of the 200 MB; the message says what to do when not. */
  check(item: DownloadItem): Promise<DownloadCheck>
  /** Starts (or queues) a download; refuses one that would not fit with SdkError 'storage_failed'. */
  start(item: DownloadItem): Promise<DownloadRecord>
  pause(id: string): Promise<void>
  resume(id: string): Promise<void>
  /** Stops it and deletes its files and its record. */
  remove(id: string): Promise<void>
  subscribe(listener: (records: DownloadRecord[]) => void): () => void
  dispose(): void
}

export function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024)
  return mb >= 10 ? `${Math.round(mb)} MB` : mb >= 0.1 ? `${mb.toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`
}

const extensionOf = (spec: DownloadFileSpec) => {
  const fromUrl = /\.([a-z0-9]{2,4})(?:\?|$)/i.exec(spec.url)?.[1]
  if (fromUrl) return fromUrl.toLowerCase()
  const mime = spec.mime ?? ''
  return /mp4/.test(mime) ? 'mp4' : /m4a|aac|audio/.test(mime) ? 'm4a' : /webp/.test(mime) ? 'webp' : /jpe?g/.test(mime) ? 'jpg' : 'bin'
}

const safeId = (id: string) => id.replace(/[^\w-]/g, '_')

/** `bytes a-b/total` → its parts. */
function contentRange(value: string | undefined): { start: number; end: number; total: number } | undefined {
  const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value?.trim() ?? '')
  if (!m) return undefined
  return { start: Number(m[1]), end: Number(m[2]), total: m[3] === '*' ? NaN : Number(m[3]) }
}

class UrlExpired extends Error {}

const MISMATCH = '下载的文件和课程信息对不上，请删除后重新下载'

export function createDownloadManager(options: DownloadManagerOptions): DownloadManager {
  const { platform, files, store, network } = options
  const limitBytes = options.limitBytes ?? LOCAL_FILES_LIMIT_BYTES
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry }
  const random = options.random ?? Math.random
  const link = (): LinkClass => network?.link ?? 'slow'
  const listeners = new Set<(records: DownloadRecord[]) => void>()
  let records: DownloadRecord[] = []
  let running: { id: string; cancel(): void } | undefined
  let disposed = false
  let writes: Promise<unknown> = Promise.resolve()

  const emit = () => {
    const snapshot = records.map((r) => ({ ...r }))
    listeners.forEach((l) => l(snapshot))
  }
  const persist = () => {
    const snapshot = records.map((r) => ({ ...r }))
    const write = writes.then(() => store.set('index', snapshot))
    writes = write.catch(() => {})
    return write
  }
  const update = async (id: string, patch: Partial<DownloadRecord>, save = true) => {
    records = records.map((r) => (r.id === id ? { ...r, ...patch } : r))
    emit()
    if (save) await persist().catch(() => {})
  }
  const find = (id: string) => records.find((r) => r.id === id)

  async function usage(): Promise<StorageUsage> {
    const usedBytes = await files.usedBytes()
    const reservedBytes = records.filter((r) => r.status !== 'done').reduce((n, r) => n + Math.max(0, r.totalBytes - r.receivedBytes), 0)
    return { usedBytes, limitBytes, reservedBytes }
  }

  async function check(item: DownloadItem): Promise<DownloadCheck> {
    const existing = find(item.id)
    const total = item.files.reduce((n, f) => n + f.bytes, 0)
    const needBytes = Math.max(0, total - (existing?.receivedBytes ?? 0))
    const u = await usage()
    // This item's own remaining bytes are not reserved twice.
    const reserved = u.reservedBytes - (existing && existing.status !== 'done' ? Math.max(0, existing.totalBytes - existing.receivedBytes) : 0)
    const freeBytes = Math.max(0, limitBytes - u.usedBytes - reserved)
    if (needBytes <= freeBytes) return { fits: true, needBytes, freeBytes }
    return {
      fits: false,
      needBytes,
      freeBytes,
      message: `空间不够：这节课要 ${formatMegabytes(needBytes)}，微信给每个小程序 ${formatMegabytes(limitBytes)}，只剩 ${formatMegabytes(freeBytes)}。请先删除一些已下载的课，或选更小的版本（如只听声音）`,
    }
  }

  /** One chunk (or the whole file when the server ignores Range), appended to the file on the phone. */
  async function fetchChunk(record: DownloadRecord, index: number, have: number, cancel: CancelSignal, onBytes: (n: number) => void): Promise<number> {
    const spec = record.files[index] as DownloadFileSpec
    const path = record.localPaths[index] as string
    const size = Math.min(options.chunkBytes ?? DOWNLOAD_CHUNK_BYTES[link()], spec.bytes - have)
    const timeoutMs = Math.max(MIN_TIMEOUT_MS[link()], Math.ceil((size * 8) / FLOOR_KBPS[link()]))
    const what = `GET ${spec.url.split('?')[0]}`
    return runWithRetries<number>({
      what,
      policy,
      random,
      cancel,
      async beforeAttempt() {
        if (network?.link === 'offline') {
          await update(record.id, { status: 'waiting_network' })
          await pause(24 * 60 * 60_000, cancel, (done) => network.subscribe((_s, now) => now !== 'offline' && done()))
          if (cancel.cancelled) throw abortedError(what)
          await update(record.id, { status: 'downloading' })
        }
      },
      async attempt() {
        const outcome = await new Promise<DownloadResponse | TransferFailure>((resolve) => {
          const transfer = platform.downloadFile({
            url: spec.url,
            headers: { range: `bytes=${have}-${have + size - 1}` },
            timeoutMs,
            onProgress: (received) => onBytes(Math.min(received, size)),
          })
          const stop = cancel.onCancel(() => transfer.abort())
          transfer.result.then(
            (r) => {
              stop()
              resolve(r)
            },
            (e: unknown) => {
              stop()
              resolve(e instanceof TransferFailure ? e : new TransferFailure('network', String(e)))
            },
          )
        })
        if (outcome instanceof TransferFailure) {
          if (outcome.kind === 'aborted' && cancel.cancelled) throw abortedError(what)
          const offline = network?.link === 'offline'
          return { failed: new SdkError({ code: offline ? 'offline' : outcome.kind === 'timeout' ? 'timeout' : 'network', userMessage: offline ? USER_MESSAGES.offline : USER_MESSAGES.network, message: `${what}: ${outcome.message}` }) }
        }
        const { status, tempFilePath, headers = {} } = outcome
        try {
          if ([401, 403, 404, 410].includes(status)) throw new UrlExpired(String(status))
          if (status === 416) return { done: have } // nothing left past `have`: checked by the caller
          if (isRetryableStatus(status)) return { failed: new SdkError({ code: 'server', userMessage: USER_MESSAGES.server, status, message: `${what}: ${status}` }) }
          if (status !== 206 && status !== 200) {
            return { failed: new SdkError({ code: 'rejected', userMessage: `下载没有成功（${status}），请稍后再试`, status, message: `${what}: ${status}` }) }
          }
          const data = await files.read(tempFilePath)
          if (status === 200) {
            // The server sent the whole file (no Range support): start the file over with it.
            if (data.byteLength !== spec.bytes) return { failed: new SdkError({ code: 'bad_response', userMessage: USER_MESSAGES.bad_response, message: `${what}: 200 with ${data.byteLength} bytes, expected ${spec.bytes}` }) }
            await files.remove(path)
            await files.append(path, data)
            return { done: spec.bytes }
          }
          const range = contentRange(headers['content-range'])
          // Where the host reports headers the range must start where the phone's file ends.
          if (range && (range.start !== have || (Number.isFinite(range.total) && range.total !== spec.bytes))) {
            throw new SdkError({ code: 'bad_response', userMessage: MISMATCH, message: `${what}: Content-Range ${headers['content-range']} for bytes=${have}- of ${spec.bytes}` })
          }
          if (data.byteLength === 0 || data.byteLength > size) return { failed: new SdkError({ code: 'bad_response', userMessage: USER_MESSAGES.bad_response, message: `${what}: ${data.byteLength} bytes for a ${size}-byte range` }) }
          await files.append(path, data)
          return { done: have + data.byteLength }
        } finally {
          void files.remove(tempFilePath).catch(() => {})
        }
      },
    })
  }

  async function runDownload(id: string, cancel: CancelSignal): Promise<void> {
    let record = find(id)
    if (!record) return
    await update(id, { status: 'downloading', error: undefined })
    let refreshed = false
    for (let index = 0; index < record.files.length; index++) {
      const path = record.localPaths[index] as string
      for (;;) {
        record = find(id)
        if (!record) return
        const spec = record.files[index] as DownloadFileSpec
        const have = (await files.stat(path))?.bytes ?? 0
        if (have > spec.bytes) {
          // More than the file's size: not this file. Start it again.
          await files.remove(path)
          continue
        }
        if (have === spec.bytes) break
        const before = record.files.slice(0, index).reduce((n, f) => n + f.bytes, 0)
        try {
          const now = await fetchChunk(record, index, have, cancel, (inChunk) => void update(id, { receivedBytes: before + have + inChunk }, false))
          if (now === have) {
            // 416 or an empty answer: the server has nothing past what the phone holds.
            throw new SdkError({ code: 'bad_response', userMessage: MISMATCH, message: `${spec.url}: server has no bytes past ${have} of ${spec.bytes}` })
          }
          await update(id, { receivedBytes: before + now })
        } catch (error) {
          if (error instanceof UrlExpired && options.refreshFiles && !refreshed) {
            refreshed = true
            const fresh = await options.refreshFiles(record)
            await update(id, { files: record.files.map((f, i) => ({ ...f, url: fresh[i]?.url ?? f.url })) })
            continue
          }
          if (error instanceof UrlExpired) throw new SdkError({ code: 'rejected', userMessage: '下载地址已过期，请回到课程页重新下载', message: `${spec.url}: ${error.message}` })
          throw error
        }
      }
    }
    // Every file is on the phone: check each against its size before calling it done.
    for (let index = 0; index < record.files.length; index++) {
      const bytes = (await files.stat(record.localPaths[index] as string))?.bytes
      if (bytes !== record.files[index]?.bytes) throw new SdkError({ code: 'bad_response', userMessage: '下载的文件不完整，请删除后重新下载', message: `file ${index}: ${bytes} of ${record.files[index]?.bytes} bytes` })
    }
    await update(id, { status: 'done', receivedBytes: record.totalBytes, finishedAt: Date.now() })
  }

  /** One download at a time: the first queued one runs next. */
  function pump() {
    if (running || disposed) return
    const next = records.find((r) => r.status === 'queued' || r.status === 'downloading' || r.status === 'waiting_network')
    if (!next) return
    const { signal, cancel } = createCanceller()
    running = { id: next.id, cancel }
    void runDownload(next.id, signal)
      .catch(async (error: unknown) => {
        if (signal.cancelled) return
        const message = error instanceof SdkError ? error.userMessage : USER_MESSAGES.failed
        await update(next.id, { status: 'failed', error: message })
      })
      .finally(() => {
        running = undefined
        pump()
      })
  }

  const ready = store.get<DownloadRecord[]>('index').then((stored) => {
    records = (stored ?? []).map((r) =>
      // What was running when the app closed goes on, unless the app said not to.
      r.status === 'downloading' || r.status === 'waiting_network' ? { ...r, status: options.resumeOnStart === false ? 'paused' : 'queued' } : r,
    )
    emit()
    pump()
  })

  const stopWatching = network?.subscribe((_s, now) => {
    if (now !== 'offline') pump()
  })

  return {
    ready,
    list: () => records.map((r) => ({ ...r })),
    get: (id) => {
      const r = find(id)
      return r && { ...r }
    },
    localPaths: (id) => {
      const r = find(id)
      return r?.status === 'done' ? [...r.localPaths] : undefined
    },
    usage: async () => {
      await ready
      return usage()
    },
    check: async (item) => {
      await ready
      return check(item)
    },
    async start(item) {
      await ready
      const existing = find(item.id)
      if (existing?.status === 'done') return { ...existing }
      const fit = await check(item)
      if (!fit.fits) throw new SdkError({ code: 'storage_failed', userMessage: fit.message, message: `download ${item.id}: needs ${fit.needBytes} bytes, ${fit.freeBytes} free`, details: fit })
      if (!item.files.length) throw new SdkError({ code: 'failed', userMessage: '这节课没有可以下载的文件', message: `download ${item.id}: no files` })
      const dir = `${files.userDataPath}/dl/${safeId(item.id)}`
      const record: DownloadRecord = existing
        ? { ...existing, files: item.files, status: 'queued', error: undefined }
        : {
            ...item,
            status: 'queued',
            totalBytes: item.files.reduce((n, f) => n + f.bytes, 0),
            receivedBytes: 0,
            localPaths: item.files.map((f, i) => `${dir}/${i}.${extensionOf(f)}`),
            createdAt: Date.now(),
          }
      records = existing ? records.map((r) => (r.id === item.id ? record : r)) : [...records, record]
      emit()
      await persist()
      pump()
      return { ...record }
    },
    async pause(id) {
      await ready
      if (running?.id === id) running.cancel()
      const r = find(id)
      if (r && r.status !== 'done') await update(id, { status: 'paused' })
    },
    async resume(id) {
      await ready
      const r = find(id)
      if (!r || r.status === 'done') return
      await update(id, { status: 'queued', error: undefined })
      pump()
    },
    async remove(id) {
      await ready
      if (running?.id === id) running.cancel()
      const r = find(id)
      if (!r) return
      records = records.filter((x) => x.id !== id)
      emit()
      await persist()
      for (const path of r.localPaths) await files.remove(path)
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    dispose() {
      disposed = true
      running?.cancel()
      stopWatching?.()
    },
  }
}
