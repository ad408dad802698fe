import type { MediaMeta } from '@tianyuan/contracts/types'
import { SdkError, USER_MESSAGES } from '../errors/sdk-error'
import type { LinkClass } from '../network/link-class'
import type { NetworkMonitor } from '../network/network-monitor'
import { TransferFailure, type HttpResponse, type Platform } from '../platform/types'
import type { CancelSignal } from '../request/cancel'
import { DEFAULT_ATTEMPT_TIMEOUT_MS } from '../request/client'
import { makeIdempotencyKey } from '../request/idempotency-key'
import { abortedError, judgeOutcome, pause, runWithRetries } from '../request/retry'
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../request/retry-policy'

/**
 * How a photo is shrunk on the phone before it travels. A 12 MP camera JPEG is 3-4 MB:
 * 15 minutes up a 2G link. The API serves variants up to 960 px wide, so more than that
 * only pays for zoom later. Expected sizes for a 4:3 photo: ~350 KB, ~180 KB, ~90 KB.
 */
export const UPLOAD_POLICY: Record<LinkClass, { maxSide: number; quality: number }> = {
  good: { maxSide: 1600, quality: 80 },
  slow: { maxSide: 1280, quality: 70 },
  'very-slow': { maxSide: 960, quality: 60 },
  offline: { maxSide: 960, quality: 60 },
}

/**
 * An attempt that has sent nothing for this long is dead (a dropped cell, not a slow one).
 * It is measured from the last progress, not the start: a 200 KB photo takes ~50 s on 2G.
 */
export const UPLOAD_STALL_MS = DEFAULT_ATTEMPT_TIMEOUT_MS
/** The host's own timer: a backstop only (WeChat's uploadFile default is 60 s). */
const HOST_TIMEOUT_MS = 10 * 60_000
/** Between attempts, a lost network is waited for this long before the upload gives up. */
export const UPLOAD_OFFLINE_WAIT_MS = 2 * 60_000

export interface UploadProgress {
  phase: 'compressing' | 'uploading'
  sentBytes: number
  totalBytes: number
  /** 1 for the first attempt; a retry starts again from 0 bytes. */
  attempt: number
}

export interface UploadPhotoOptions {
  platform: Platform
  /** The API's origin, e.g. 'https://tianyuan.example'; the photo goes to `${baseUrl}/api/media`. */
  baseUrl: string
  /** Decides the compression and the stall timeout; from `network` (else 'slow') when omitted. */
  link?: LinkClass
  /** While it says offline between attempts, the upload waits for the network to return. */
  network?: NetworkMonitor
  authHeaders?: () => Record<string, string> | undefined | Promise<Record<string, string> | undefined>
  /** On a 401 (as createApiClient's; `auth.onUnauthorized` fits): true after a silent re-login, and the upload is sent again. */
  onUnauthorized?: (sent: { headers: Record<string, string> }) => Promise<boolean>
  onProgress?: (progress: UploadProgress) => void
  cancel?: CancelSignal
  /** To resume an upload the app already tried (e.g. from SdkError.idempotencyKey). */
  idempotencyKey?: string
  retry?: Partial<RetryPolicy> | false
  random?: () => number
}

export interface CompressedPhoto {
  path: string
  width: number
  height: number
  compressed: boolean
}

/**
 * Shrinks a local photo to the link's longest side and quality. A photo already within the
 * longest side is sent as it is (re-encoding a small JPEG can make it larger). Where the host
 * cannot compress (H5) the original goes.
 */
export async function compressPhoto(platform: Platform, path: string, link: LinkClass): Promise<CompressedPhoto> {
  const { maxSide, quality } = UPLOAD_POLICY[link]
  const { width, height } = await platform.getImageInfo(path)
  if (Math.max(width, height) <= maxSide) return { path, width, height, compressed: false }
  const scale = maxSide / Math.max(width, height)
  try {
    // One side only: the host keeps the aspect ratio.
    const { tempFilePath } = await platform.compressImage(width >= height ? { src: path, quality, width: maxSide } : { src: path, quality, height: maxSide })
    return { path: tempFilePath, width: Math.round(width * scale), height: Math.round(height * scale), compressed: true }
  } catch (error) {
    if ((error as { code?: string }).code !== 'unsupported') throw error
    return { path, width, height, compressed: false }
  }
}

/**
 * Compresses a photo, then uploads it (multipart, field `file`) and resolves with the
 * server's metadata. One Idempotency-Key for the whole upload, made before the first
 * attempt: when the connection drops after the server has the photo, the retry gets the
 * stored answer instead of a second photo. Network errors, stalls, 408, 429, 5xx and 409
 * "in progress" are retried on the request client's backoff (full jitter; Retry-After obeyed);
 * other 4xx are not. The thrown SdkError carries the key, to try again later with it.
 */
export async function uploadPhoto(filePath: string, options: UploadPhotoOptions): Promise<MediaMeta> {
  const { platform, network, cancel } = options
  const link = options.link ?? network?.link ?? 'slow'
  const idempotencyKey = options.idempotencyKey ?? makeIdempotencyKey(options.random)
  const policy: RetryPolicy = options.retry === false ? { ...DEFAULT_RETRY_POLICY, retries: 0 } : { ...DEFAULT_RETRY_POLICY, ...options.retry }
  const random = options.random ?? Math.random
  const url = `${options.baseUrl.replace(/\/+$/, '')}/api/media`
  const what = 'POST /api/media'
  // Read afresh each time: the link changes while an attempt is out.
  const offline = () => network?.link === 'offline'

  try {
    options.onProgress?.({ phase: 'compressing', sentBytes: 0, totalBytes: 0, attempt: 0 })
    const photo = await compressPhoto(platform, filePath, link === 'offline' ? 'very-slow' : link)
    // The request client's engine: the same retry classes, Retry-After and full-jitter backoff.
    // No overall deadline (a photo may take minutes on 2G); an attempt ends on a stall instead.
    return await runWithRetries<MediaMeta>({
      what,
      policy,
      random,
      cancel,
      onUnauthorized: options.onUnauthorized,
      async beforeAttempt() {
        if (offline()) await pause(UPLOAD_OFFLINE_WAIT_MS, cancel, (done) => network?.subscribe((_state, now) => now !== 'offline' && done()) ?? (() => {}))
        if (cancel?.cancelled) throw abortedError(what)
        if (offline()) throw new SdkError({ code: 'offline', userMessage: USER_MESSAGES.offline, message: `${what}: offline` })
      },
      async attempt(attempt) {
        const headers: Record<string, string> = { ...((await options.authHeaders?.()) ?? {}), 'idempotency-key': idempotencyKey }
        const outcome = await send(platform, url, photo.path, headers, UPLOAD_STALL_MS[network?.link ?? link], cancel, (sent, total) =>
          options.onProgress?.({ phase: 'uploading', sentBytes: sent, totalBytes: total, attempt }),
        )
        return judgeOutcome(outcome, headers, what, { offline: offline() }, (response) => parseMeta(response, what))
      },
    })
  } catch (error) {
    if (error instanceof SdkError) error.idempotencyKey = idempotencyKey
    throw error
  }
}

/** One attempt: ends on the answer, a failure, a cancel, or `stallMs` without progress. */
function send(
  platform: Platform,
  url: string,
  filePath: string,
  headers: Record<string, string>,
  stallMs: number,
  cancel: CancelSignal | undefined,
  onProgress: (sent: number, total: number) => void,
): Promise<HttpResponse | TransferFailure> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const listening: { stop?: () => void } = {}
    const end = (outcome: HttpResponse | TransferFailure) => {
      clearTimeout(timer)
      listening.stop?.()
      resolve(outcome)
    }
    const arm = () => {
      clearTimeout(timer)
      timer = setTimeout(() => {
        transfer.abort()
        end(new TransferFailure('timeout', `nothing sent for ${stallMs} ms`))
      }, stallMs)
    }
    const transfer = platform.uploadFile({
      url,
      filePath,
      fieldName: 'file',
      headers,
      timeoutMs: HOST_TIMEOUT_MS,
      onProgress: (sent, total) => {
        arm()
        onProgress(sent, total)
      },
    })
    arm()
    listening.stop = cancel?.onCancel(() => {
      transfer.abort()
      end(new TransferFailure('aborted', 'cancelled by the app'))
    })
    transfer.result.then(end, (failure: unknown) => end(failure instanceof TransferFailure ? failure : new TransferFailure('network', String(failure))))
  })
}

function parseMeta(response: HttpResponse, what: string): MediaMeta {
  try {
    const meta = JSON.parse(response.body) as MediaMeta
    if (meta && typeof meta.id === 'string') return meta
  } catch {
    // fall through
  }
  throw new SdkError({ code: 'bad_response', userMessage: USER_MESSAGES.bad_response, status: response.status, message: `${what}: no media metadata in the answer` })
}
