/**
 * A tus 1.0 client (https://tus.io/protocols/resumable-upload) for a teacher's lesson video:
 * the file is read from the phone a chunk at a time (`LocalFiles.read` with a position: WeChat's
 * FileSystemManager.readFile on weapp, File.slice in the preview) and PATCHed at the offset the
 * server confirmed. After a cut the client asks the server (HEAD) how much it has and goes on
 * from there; the upload URL is kept in storage under the file's fingerprint, so even after an
 * app restart (or the teacher picking the same video again) it continues, never starts again.
 */
import { SdkError, USER_MESSAGES } from '../errors/sdk-error'
import type { LinkClass } from '../network/link-class'
import type { NetworkMonitor } from '../network/network-monitor'
import { TransferFailure, type HttpMethod, type HttpResponse, type LocalFiles, type Platform } from '../platform/types'
import type { CancelSignal } from '../request/cancel'
import { DEFAULT_ATTEMPT_TIMEOUT_MS } from '../request/client'
import { makeIdempotencyKey } from '../request/idempotency-key'
import { abortedError, judgeOutcome, pause, runWithRetries, type AttemptResult } from '../request/retry'
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../request/retry-policy'
import type { KeyValueStore } from '../storage/store'

export const TUS_VERSION = '1.0.0'

/**
 * Bytes per PATCH by link class: small enough that one chunk crosses the link well within the
 * attempt's timeout (64 KB up 2G's ~32 kbps ≈ 16 s of 30 s), large enough that the round trips
 * do not dominate (1 MB on 4G ≈ 2 s). A cut loses at most one chunk in flight.
 */
export const TUS_CHUNK_BYTES: Record<LinkClass, number> = { good: 1024 * 1024, slow: 256 * 1024, 'very-slow': 64 * 1024, offline: 64 * 1024 }
/** Between attempts, a lost network is waited for this long before the upload gives up (it can be resumed later). */
export const TUS_OFFLINE_WAIT_MS = 2 * 60_000
/** A chunk's attempt ends after this long, or the chunk's time at this rate (kbps) if longer. */
const FLOOR_KBPS: Record<LinkClass, number> = { good: 1000, slow: 200, 'very-slow': 24, offline: 24 }

export interface ResumableProgress {
  phase: 'creating' | 'resuming' | 'uploading' | 'done'
  /** Bytes the server has confirmed. */
  confirmedBytes: number
  totalBytes: number
  /** Chunk bytes handed to the network so far in this call, resent ones included. */
  sentBytes: number
}

export interface ResumableUploadOptions {
  platform: Platform
  files: LocalFiles
  /** The creation endpoint, absolute: `${API_BASE}/api/classroom/uploads`. */
  endpoint: string
  filePath: string
  /** Sent as Upload-Metadata (values base64 of UTF-8): filename, filetype, lessonId… */
  metadata?: Record<string, string>
  /** Where upload URLs are kept across restarts (e.g. the app's store.scope('uploads')). */
  store: KeyValueStore
  /** The same file again → the same upload. Default: the metadata and the file's size. */
  fingerprint?: string
  network?: NetworkMonitor
  /** Decides chunk size and timeouts; from `network` (else 'slow') when omitted. */
  link?: LinkClass
  chunkBytes?: number
  authHeaders?: () => Record<string, string> | undefined | Promise<Record<string, string> | undefined>
  onUnauthorized?: (sent: { headers: Record<string, string> }) => Promise<boolean>
  onProgress?: (progress: ResumableProgress) => void
  cancel?: CancelSignal
  /** Per step (a chunk, a HEAD, the creation); a step that succeeds resets the count. */
  retry?: Partial<RetryPolicy> | false
  random?: () => number
}

export interface ResumableUploadResult {
  /** The upload's URL on the server (its id is the last segment). */
  uploadUrl: string
  totalBytes: number
  /** Where this call started: 0 for a new upload, the server's offset for a resumed one. */
  resumedFrom: number
  /** Chunk bytes this call handed to the network (resends after cuts included). */
  sentBytes: number
}

/** What is kept per fingerprint. */
interface StoredUpload {
  url: string
  totalBytes: number
  createdAt: number
  /** The creation's Idempotency-Key, so a lost creation answer is not a second upload. */
  creationKey?: string
}

/** FNV-1a, 32 bit, hex: short storage keys from long fingerprints. */
function hash(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(16).padStart(8, '0')
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** UTF-8, then base64 (WeChat has neither TextEncoder nor btoa). */
export function base64Utf8(text: string): string {
  const bytes: number[] = []
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) c = 0x10000 + ((c - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00)
    if (c < 0x80) bytes.push(c)
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]]
    const n = (a << 16) | (b << 8) | c
    out += B64.charAt(n >> 18) + B64.charAt((n >> 12) & 63) + (i + 1 < bytes.length ? B64.charAt((n >> 6) & 63) : '=') + (i + 2 < bytes.length ? B64.charAt(n & 63) : '=')
  }
  return out
}

export function encodeUploadMetadata(metadata: Record<string, string>): string {
  return Object.entries(metadata)
    .map(([key, value]) => `${key} ${base64Utf8(value)}`)
    .join(',')
}

/** Location may be absolute, origin-relative or relative to the endpoint. */
export function resolveLocation(endpoint: string, location: string): string {
  if (/^https?:\/\//i.test(location)) return location
  const origin = /^[a-z]+:\/\/[^/]+/i.exec(endpoint)?.[0] ?? ''
  if (location.startsWith('/')) return origin + location
  return `${endpoint.replace(/\/+$/, '')}/${location}`
}

const storageKey = (fingerprint: string) => `tus:${hash(fingerprint)}`

/** The fingerprint an upload of this file gets when the caller gives none. */
export function defaultFingerprint(totalBytes: number, metadata: Record<string, string> = {}): string {
  const fields = Object.keys(metadata)
    .sort()
    .map((k) => `${k}=${metadata[k]}`)
  return `${totalBytes}|${fields.join('&')}`
}

/** Forgets a kept upload URL (the teacher cancelled it for good). */
export async function forgetResumableUpload(store: KeyValueStore, fingerprint: string): Promise<void> {
  await store.remove(storageKey(fingerprint))
}

function failed(code: 'failed' | 'bad_response', userMessage: string, message: string): SdkError {
  return new SdkError({ code, userMessage, message })
}

/** One exchange, ended by its answer, a failure, a cancel or `timeoutMs`. */
function exchangeOnce(platform: Platform, url: string, method: HttpMethod, headers: Record<string, string>, body: ArrayBuffer | undefined, timeoutMs: number, cancel?: CancelSignal): Promise<HttpResponse | TransferFailure> {
  return new Promise((resolve) => {
    const transfer = platform.request({ url, method, headers, body, timeoutMs: timeoutMs + 1000 })
    const listening: { stop?: () => void } = {}
    const end = (outcome: HttpResponse | TransferFailure) => {
      clearTimeout(timer)
      listening.stop?.()
      resolve(outcome)
    }
    const timer = setTimeout(() => {
      transfer.abort()
      end(new TransferFailure('timeout', `no answer within ${timeoutMs} ms`))
    }, timeoutMs)
    listening.stop = cancel?.onCancel(() => {
      transfer.abort()
      end(new TransferFailure('aborted', 'cancelled by the app'))
    })
    transfer.result.then(end, (failure: unknown) => end(failure instanceof TransferFailure ? failure : new TransferFailure('network', String(failure))))
  })
}

const offsetOf = (response: HttpResponse): number | undefined => {
  const value = Number(response.headers['upload-offset'])
  return Number.isInteger(value) && value >= 0 ? value : undefined
}

/** The upload no longer exists on the server (expired, or removed): only then does it start again. */
class UploadGone extends Error {}

/**
 * Uploads (or resumes) `filePath` to a tus server. Resolves once the server has every byte.
 * On failure (retries used up, offline for more than 2 min, cancelled) the upload URL stays
 * stored: calling again with the same file continues from the server's offset.
 */
export async function uploadResumable(options: ResumableUploadOptions): Promise<ResumableUploadResult> {
  const { platform, files, store, network, cancel } = options
  const policy: RetryPolicy = options.retry === false ? { ...DEFAULT_RETRY_POLICY, retries: 0 } : { ...DEFAULT_RETRY_POLICY, ...options.retry }
  const random = options.random ?? Math.random
  const link = (): LinkClass => options.link ?? network?.link ?? 'slow'
  const offline = () => network?.link === 'offline'
  const metadata = options.metadata ?? {}

  const stat = await files.stat(options.filePath)
  if (!stat) throw failed('failed', '找不到要上传的文件，请重新选择', `${options.filePath}: no such file`)
  const totalBytes = stat.bytes
  if (totalBytes === 0) throw failed('failed', '这个文件是空的（0 字节），请重新选择', `${options.filePath}: empty`)
  const key = storageKey(options.fingerprint ?? defaultFingerprint(totalBytes, metadata))

  let sentBytes = 0
  let confirmed = 0
  const report = (phase: ResumableProgress['phase']) => options.onProgress?.({ phase, confirmedBytes: confirmed, totalBytes, sentBytes })

  /** Runs one protocol step with the SDK's retry engine, waiting for the network between attempts. */
  const step = <T>(what: string, attempt: () => Promise<AttemptResult<T>>): Promise<T> =>
    runWithRetries<T>({
      what,
      policy,
      random,
      cancel,
      onUnauthorized: options.onUnauthorized,
      async beforeAttempt() {
        if (offline()) await pause(TUS_OFFLINE_WAIT_MS, cancel, (done) => network?.subscribe((_s, now) => now !== 'offline' && done()) ?? (() => {}))
        if (cancel?.cancelled) throw abortedError(what)
        if (offline()) throw new SdkError({ code: 'offline', userMessage: USER_MESSAGES.offline, message: `${what}: offline` })
      },
      attempt,
    })
  const headersFor = async (extra: Record<string, string>) => ({ ...((await options.authHeaders?.()) ?? {}), 'tus-resumable': TUS_VERSION, ...extra })
  const send = async <T>(what: string, url: string, method: HttpMethod, extra: Record<string, string>, body: ArrayBuffer | undefined, accept: (r: HttpResponse) => T, gone = false): Promise<AttemptResult<T>> => {
    const headers = await headersFor(extra)
    const bytes = body?.byteLength ?? 0
    const timeoutMs = Math.max(DEFAULT_ATTEMPT_TIMEOUT_MS[link()], Math.ceil((bytes * 8) / FLOOR_KBPS[link()]))
    if (body) sentBytes += bytes
    const outcome = await exchangeOnce(platform, url, method, headers, body, timeoutMs, cancel)
    if (gone && !(outcome instanceof TransferFailure) && (outcome.status === 404 || outcome.status === 410)) throw new UploadGone(url)
    return judgeOutcome(outcome, headers, what, { offline: offline() }, accept)
  }

  async function create(): Promise<StoredUpload> {
    report('creating')
    // Made once and kept: a creation whose answer was lost is answered again, not made twice.
    const previous = await store.get<StoredUpload>(key)
    const creationKey = previous?.creationKey ?? makeIdempotencyKey(random)
    const headers = { 'upload-length': String(totalBytes), 'idempotency-key': creationKey, ...(Object.keys(metadata).length ? { 'upload-metadata': encodeUploadMetadata(metadata) } : {}) }
    const url = await step(`POST ${options.endpoint}`, () =>
      send(`POST ${options.endpoint}`, options.endpoint, 'POST', headers, undefined, (r) => {
        const location = r.headers.location
        if (r.status !== 201 || !location) throw failed('bad_response', USER_MESSAGES.bad_response, `tus creation answered ${r.status} without a Location`)
        return resolveLocation(options.endpoint, location)
      }),
    )
    const stored: StoredUpload = { url, totalBytes, createdAt: Date.now(), creationKey }
    await store.set(key, stored)
    return stored
  }

  const head = (url: string) =>
    step(`HEAD ${url}`, () =>
      send(
        `HEAD ${url}`,
        url,
        'HEAD',
        { 'cache-control': 'no-store' },
        undefined,
        (r) => {
          const offset = offsetOf(r)
          if (offset === undefined || offset > totalBytes) throw failed('bad_response', USER_MESSAGES.bad_response, `tus HEAD without a usable Upload-Offset (${r.headers['upload-offset']})`)
          return offset
        },
        true,
      ),
    )

  /** The offset the server last told us; undefined after a failed attempt (then it is asked). */
  let known: number | undefined

  async function run(upload: StoredUpload, fresh: boolean): Promise<ResumableUploadResult> {
    let offset: number | undefined = fresh ? 0 : undefined
    if (offset === undefined) {
      report('resuming')
      offset = await head(upload.url)
    }
    const resumedFrom = offset
    known = offset
    confirmed = offset
    report('uploading')
    while (confirmed < totalBytes) {
      const size = Math.min(options.chunkBytes ?? TUS_CHUNK_BYTES[link()], totalBytes - confirmed)
      const at = confirmed
      const chunk = await files.read(options.filePath, at, size)
      const next = await step(`PATCH ${upload.url}`, async () => {
        // After a failed attempt the server may hold part of the chunk, or all of it: ask.
        if (known !== at) {
          known = await head(upload.url)
          if (known !== at) return { done: known }
        }
        const result = await send(
          `PATCH ${upload.url}`,
          upload.url,
          'PATCH',
          { 'upload-offset': String(at), 'content-type': 'application/offset+octet-stream' },
          chunk,
          (r) => offsetOf(r) ?? at + size,
          true,
        )
        // 409: the offset was not the server's (an earlier attempt landed after all): ask again.
        if ('failed' in result && result.failed.status === 409) {
          known = await head(upload.url)
          return { done: known }
        }
        if (!('done' in result)) known = undefined
        return result
      })
      known = next
      confirmed = next
      report('uploading')
    }
    await store.remove(key)
    report('done')
    return { uploadUrl: upload.url, totalBytes, resumedFrom, sentBytes }
  }

  const stored = await store.get<StoredUpload>(key)
  try {
    if (stored?.url && stored.totalBytes === totalBytes) return await run(stored, false)
  } catch (error) {
    if (!(error instanceof UploadGone)) throw error
    // Expired or removed on the server: the one case where the bytes go again.
    await store.remove(key)
  }
  try {
    const created = await create()
    return await run(created, true)
  } catch (error) {
    if (error instanceof UploadGone) throw failed('failed', '上传中断太久，服务器已清除，请重新上传', `tus upload ${error.message} is gone`)
    throw error
  }
}
