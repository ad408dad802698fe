/**
 * A platform for tests, with a network the test scripts: latency, bandwidth, dropped
 * requests or responses, offline, weak. Every delay is a setTimeout, so under Jest fake
 * timers a suite is deterministic and instant (`await jest.advanceTimersByTimeAsync(ms)`).
 *
 * The server is a plain function the test gives, `(request: FakeRequest) => FakeReply`
 * (sync or async), rather than fetch's Request/Response: tests read `request.json()` and
 * answer `{ status, headers, body }` with no streams in between.
 *
 * Uploads travel the same scripted network as requests (with progress), from files the
 * test puts in `fake.files`; `getImageInfo` and `compressImage` work on those files too.
 * Intersection watchers are driven by the test (`fake.intersections`).
 *
 * Downloads travel the same network (a Uint8Array reply body comes back in four steps, with
 * progress) into temporary files of `fake.localFiles`, which holds real bytes; `fake.audio`
 * makes players the test drives.
 *
 * Anything the test did not script (login, payment) throws an 'unsupported' SdkError:
 * nothing pretends to succeed.
 */
import { unsupported } from '../errors/sdk-error'
import { utf8ByteLength } from '../storage/utf8'
import { FakeAudioHost, FakeLocalFiles } from './fake-files'
import { FakeSpeech } from './fake-speech'
import {
  TransferFailure,
  type CompressImageRequest,
  type HttpRequest,
  type HttpResponse,
  type NetworkStatusChange,
  type NetworkType,
  type NetworkWeakChange,
  type MerchantTransferParams,
  type MerchantTransferResult,
  type SubscribeAnswer,
  type SubscribeSheetResult,
  type PaymentParams,
  type PaymentSheetResult,
  type Platform,
  type SystemInfo,
  type Transfer,
  type IntersectionEntry,
  type IntersectionWatcher,
  type UploadRequest,
  type DownloadRequest,
  type DownloadResponse,
} from './types'

export interface FakeRequest {
  method: HttpRequest['method']
  url: string
  /** The URL's path and query, e.g. '/orders?page=2'. */
  path: string
  /** Lower-cased header names. */
  headers: Record<string, string>
  body?: string
  /** A binary body (a resumable upload's chunk), as sent. */
  bytes?: Uint8Array
  /** The body parsed as JSON (undefined when there is none). */
  json(): unknown
  /** A multipart upload's file part and its other fields. */
  file?: { fieldName: string; path: string; bytes: number }
  formData?: Record<string, string>
}

/** A local file in the fake's file system (a photo the test "took"). */
export interface FakeFile {
  bytes: number
  width: number
  height: number
  type?: string
}

/** One node a NetImage (or anything) asked to be told about. */
export interface FakeIntersectionTarget {
  selector: string
  margins: { top?: number; bottom?: number; left?: number; right?: number }
  /** The page or component instance the watcher was made with. */
  component: unknown
  /** Tells the watcher how much of the node is in view (0 = out of view). */
  intersect(ratio: number): void
}

export interface FakeReply {
  /** 200 when omitted. */
  status?: number
  headers?: Record<string, string>
  /** A string is sent as is, a Uint8Array as bytes (a file to download); anything else as JSON. */
  body?: unknown
}

export type FakeHandler = (request: FakeRequest) => FakeReply | Promise<FakeReply>

export interface NetworkConditions {
  type: NetworkType
  /** WeChat's weakNet verdict. */
  weak: boolean
  /** Round-trip time; half is spent on the way out, half on the way back. */
  latencyMs: number
  /** Applies both ways; undefined means no limit. */
  bandwidthKbps?: number
}

/** How a scripted drop shows: 'fail' at once like a reset, 'hang' until a timeout or abort. */
export type DropStyle = 'fail' | 'hang'

/** WeChat's limits: 1 MB per key, 10 MB per mini-program. */
export const STORAGE_KEY_LIMIT_BYTES = 1024 * 1024
export const STORAGE_TOTAL_LIMIT_BYTES = 10 * 1024 * 1024

/** Storage that outlives a platform: hand it to a new fake to simulate an app restart. */
export class FakeStorage {
  readonly entries = new Map<string, string>()

  set(key: string, value: string): void {
    const size = utf8ByteLength(key) + utf8ByteLength(value)
    if (size > STORAGE_KEY_LIMIT_BYTES) throw new Error(`setStorage:fail entry size limit reached (${key})`)
    const others = this.totalBytes() - (this.entries.has(key) ? utf8ByteLength(key) + utf8ByteLength(this.entries.get(key) ?? '') : 0)
    if (others + size > STORAGE_TOTAL_LIMIT_BYTES) throw new Error('setStorage:fail exceed storage max size 10Mb')
    this.entries.set(key, value)
  }

  totalBytes(): number {
    let total = 0
    for (const [key, value] of this.entries) total += utf8ByteLength(key) + utf8ByteLength(value)
    return total
  }
}

export interface FakePlatformOptions {
  handler?: FakeHandler
  network?: Partial<NetworkConditions>
  storage?: FakeStorage
  login?: () => Promise<{ code: string }>
  requestPayment?: (params: PaymentParams) => Promise<PaymentSheetResult>
  requestMerchantTransfer?: (params: MerchantTransferParams) => Promise<MerchantTransferResult>
  requestSubscribeMessage?: (templateIds: string[]) => Promise<SubscribeSheetResult>
  systemInfo?: Partial<SystemInfo>
  files?: Record<string, FakeFile>
  /** The phone's files with their bytes (downloads, uploads read by range); pass the same one to simulate a restart. */
  localFiles?: FakeLocalFiles
  /** `platform.speech`: a voice the test drives (`fake.speech`); without it the platform has none. */
  speech?: boolean
}

export interface FakeNetwork {
  readonly conditions: NetworkConditions
  /** Changes the conditions and fires the status and weak events the host would. */
  set(conditions: Partial<NetworkConditions>): void
  goOffline(): void
  goOnline(type?: NetworkType): void
  /** The next `count` requests are lost before reaching the server. */
  dropRequests(count: number, style?: DropStyle): void
  /** The next `count` requests reach the server (it acts on them) but their responses are lost. */
  dropResponses(count: number, style?: DropStyle): void
}

export interface FakePlatform {
  platform: Platform
  network: FakeNetwork
  storage: FakeStorage
  /** Every request that reached the server, in arrival order. */
  received: FakeRequest[]
  /** Every request the SDK handed to the platform, reached the server or not. */
  sent: HttpRequest[]
  /** Replaces the server. */
  setHandler(handler: FakeHandler): void
  /** Local files by path: uploads and image calls read them, compressImage adds to them. */
  files: Map<string, FakeFile>
  /** Every compressImage call, in order. */
  compressions: CompressImageRequest[]
  /** Nodes being watched now (a disconnect removes its own). */
  intersections: FakeIntersectionTarget[]
  /**
   * Scripts `login()`: each call gets the next code from `codes` (a function may throw, or
   * return a promise, to fail or delay the login). Like the simulator's `wx.setLoginCodes`.
   */
  setLoginCodes(codes: () => string | Promise<string>): void
  /** How many times `login()` was called. */
  readonly logins: number
  /**
   * Scripts `requestPayment()`: 'ok' | 'cancel' | 'fail', or a function of the params (which
   * may return a promise: the sheet stays open until it settles). Like `wx.setPaymentOutcome`.
   */
  setPaymentOutcome(outcome: FakePaymentOutcome | ((params: PaymentParams) => FakePaymentOutcome | PaymentSheetResult | Promise<FakePaymentOutcome | PaymentSheetResult>)): void
  /** Every requestPayment call's params, in order. */
  payments: PaymentParams[]
  /**
   * Scripts `requestMerchantTransfer()` (WeChat's 确认收款 page): 'ok' | 'cancel' | 'fail', or a
   * function of the params; unscripted, it throws 'unsupported' like a WeChat too old to have it.
   */
  setTransferOutcome(outcome: FakePaymentOutcome | ((params: MerchantTransferParams) => FakePaymentOutcome | MerchantTransferResult | Promise<FakePaymentOutcome | MerchantTransferResult>)): void
  /** Every requestMerchantTransfer call's params, in order. */
  transfers: MerchantTransferParams[]
  /**
   * Scripts `requestSubscribeMessage()` (WeChat's subscribe sheet): an answer for every template id,
   * a function of the ids, or a whole result (e.g. a failure with its errCode); unscripted, it throws
   * 'unsupported'. Like WeChat, more than 3 ids fail with errCode 20003 before any script runs.
   */
  setSubscribeAnswers(answer: SubscribeAnswer | ((templateIds: string[]) => SubscribeSheetResult | Record<string, SubscribeAnswer> | Promise<SubscribeSheetResult | Record<string, SubscribeAnswer>>)): void
  /** Every requestSubscribeMessage call's template ids, in order. */
  subscribeRequests: string[][]
  /** The page is shown again (back from another page, or the app from the background): fires `onShow`. */
  show(): void
  /** The phone's files with their bytes: `downloadFile` writes its temporary files here. */
  localFiles: FakeLocalFiles
  /** Audio players the code under test made (`audio.players`), driven by the test. */
  audio: FakeAudioHost
  /** The voice behind `platform.speech` (attached only with the `speech` option). */
  speech: FakeSpeech
}

export type FakePaymentOutcome = 'ok' | 'cancel' | 'fail'

const DEFAULT_SYSTEM_INFO: SystemInfo = { pixelRatio: 2, windowWidth: 375, windowHeight: 667, platform: 'devtools', fontSizeScaleFactor: 1, webp: true }

function transferMs(bytes: number, kbps: number | undefined): number {
  return kbps ? Math.ceil((bytes * 8) / kbps) : 0
}

export function createFakePlatform(options: FakePlatformOptions = {}): FakePlatform {
  let handler: FakeHandler = options.handler ?? (() => ({ status: 404, body: { code: 'not_found', message: '没有这个接口' } }))
  const storage = options.storage ?? new FakeStorage()
  const conditions: NetworkConditions = { type: '4g', weak: false, latencyMs: 0, ...options.network }
  const statusListeners = new Set<(change: NetworkStatusChange) => void>()
  const weakListeners = new Set<(change: NetworkWeakChange) => void>()
  const showListeners = new Set<() => void>()
  const requestDrops: DropStyle[] = []
  const responseDrops: DropStyle[] = []
  const received: FakeRequest[] = []
  const sent: HttpRequest[] = []
  const online = () => conditions.type !== 'none'

  const network: FakeNetwork = {
    conditions,
    set(next) {
      const before = { ...conditions }
      Object.assign(conditions, next)
      if (before.type !== conditions.type) {
        for (const l of [...statusListeners]) l({ isConnected: online(), networkType: conditions.type })
      }
      if (before.weak !== conditions.weak) {
        for (const l of [...weakListeners]) l({ weakNet: conditions.weak, networkType: conditions.type })
      }
    },
    goOffline: () => network.set({ type: 'none', weak: false }),
    goOnline: (type = '4g') => network.set({ type }),
    dropRequests: (count, style = 'fail') => requestDrops.push(...Array<DropStyle>(count).fill(style)),
    dropResponses: (count, style = 'fail') => responseDrops.push(...Array<DropStyle>(count).fill(style)),
  }

  /**
   * One exchange over the scripted network: `outBytes` travel out in four steps (progress
   * after each, the link checked between them), then the server, then the answer back.
   */
  function exchange(
    req: HttpRequest,
    outBytes: number,
    extra: Pick<FakeRequest, 'file' | 'formData'>,
    onProgress?: (sent: number, total: number) => void,
    onReceive?: (received: number, total: number) => void,
  ): Transfer<HttpResponse & { bytes?: Uint8Array }> {
    sent.push(req)
    const timers = new Set<ReturnType<typeof setTimeout>>()
    let settle: { resolve(r: HttpResponse & { bytes?: Uint8Array }): void; reject(e: TransferFailure): void } | undefined
    const finish = (outcome: (HttpResponse & { bytes?: Uint8Array }) | TransferFailure) => {
      if (!settle) return
      const s = settle
      settle = undefined
      timers.forEach(clearTimeout)
      if (outcome instanceof TransferFailure) s.reject(outcome)
      else s.resolve(outcome)
    }
    const after = (ms: number, step: () => void) => {
      // No delay scripted: no timer either, so a test can simply await the request.
      if (ms <= 0) return void Promise.resolve().then(() => settle && step())
      const t = setTimeout(() => {
        timers.delete(t)
        step()
      }, ms)
      timers.add(t)
    }
    const result = new Promise<HttpResponse & { bytes?: Uint8Array }>((resolve, reject) => {
      settle = { resolve, reject }
    })
    after(req.timeoutMs, () => finish(new TransferFailure('timeout', 'request:fail timeout')))
    const noNetwork = () => finish(new TransferFailure('network', 'request:fail no network'))

    const lost = (style: DropStyle | undefined) => {
      if (style === 'fail') finish(new TransferFailure('network', 'request:fail connection reset'))
      // 'hang': wait for the timeout or an abort
    }
    const atServer = () => {
      if (requestDrops.length) return lost(requestDrops.shift())
      const path = req.url.replace(/^[a-z]+:\/\/[^/]+/i, '') || '/'
      const text = typeof req.body === 'string' ? req.body : undefined
      const incoming: FakeRequest = {
        method: req.method,
        url: req.url,
        path,
        headers: lowerCase(req.headers),
        body: text,
        ...(req.body instanceof ArrayBuffer ? { bytes: new Uint8Array(req.body.slice(0)) } : {}),
        json: () => (text ? JSON.parse(text) : undefined),
        ...extra,
      }
      received.push(incoming)
      const dropped = responseDrops.shift()
      Promise.resolve()
        .then(() => handler(incoming))
        .then(
          (reply) => {
            if (dropped) return lost(dropped)
            const status = reply.status ?? 200
            const headers = lowerCase(reply.headers ?? {})
            if (reply.body instanceof Uint8Array) {
              // Bytes come back in four steps (progress after each, the link checked between them).
              const bytes = reply.body
              const steps = conditions.bandwidthKbps && bytes.byteLength > 0 ? 4 : 1
              const by = (step: number) => Math.round((bytes.byteLength * step) / steps)
              const receiveStep = (step: number) => {
                if (!online()) return noNetwork()
                if (step > 0) onReceive?.(by(step), bytes.byteLength)
                if (step === steps) return finish({ status, headers, body: '', bytes })
                after(transferMs(by(step + 1), conditions.bandwidthKbps) - transferMs(by(step), conditions.bandwidthKbps), () => receiveStep(step + 1))
              }
              return after(conditions.latencyMs / 2, () => receiveStep(0))
            }
            const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
            after(conditions.latencyMs / 2 + transferMs(utf8ByteLength(body), conditions.bandwidthKbps), () => {
              if (!online()) return noNetwork()
              finish({ status, headers, body })
            })
          },
          (error: unknown) => finish(new TransferFailure('network', `fake server threw: ${String(error)}`)),
        )
    }
    if (!online()) noNetwork()
    else {
      // Without a bandwidth limit the body goes in one step; with one, in four.
      const steps = conditions.bandwidthKbps && outBytes > 0 ? 4 : 1
      const sentBy = (step: number) => Math.round((outBytes * step) / steps)
      const sendStep = (step: number) => {
        if (!online()) return noNetwork()
        if (step > 0 && outBytes > 0) onProgress?.(sentBy(step), outBytes)
        if (step === steps) return atServer()
        after(transferMs(sentBy(step + 1), conditions.bandwidthKbps) - transferMs(sentBy(step), conditions.bandwidthKbps), () => sendStep(step + 1))
      }
      after(conditions.latencyMs / 2, () => sendStep(0))
    }
    return { result, abort: () => finish(new TransferFailure('aborted', 'request:fail abort')) }
  }

  const request = (req: HttpRequest): Transfer<HttpResponse> =>
    exchange(req, req.body instanceof ArrayBuffer ? req.body.byteLength : utf8ByteLength(req.body ?? ''), {}, undefined, undefined)

  /** Through the scripted network; the body lands in a temporary file of `localFiles`, as WeChat's does. */
  function downloadFile(req: DownloadRequest): Transfer<DownloadResponse> {
    const transfer = exchange({ url: req.url, method: 'GET', headers: req.headers, timeoutMs: req.timeoutMs }, 0, {}, undefined, req.onProgress)
    return {
      abort: transfer.abort,
      result: transfer.result.then((response) => {
        const bytes = response.bytes ?? new Uint8Array(0)
        const textBytes = response.bytes ? bytes : new TextEncoder().encode(response.body)
        return { status: response.status, headers: response.headers, tempFilePath: localFiles.temp(textBytes) }
      }),
    }
  }

  function uploadFile(req: UploadRequest): Transfer<HttpResponse> {
    const file = files.get(req.filePath)
    if (!file) throw new Error(`uploadFile:fail file not found ${req.filePath}`)
    const fields = Object.entries(req.formData ?? {}).reduce((n, [k, v]) => n + utf8ByteLength(k) + utf8ByteLength(v), 0)
    return exchange(
      { url: req.url, method: 'POST', headers: req.headers, timeoutMs: req.timeoutMs },
      file.bytes + fields,
      { file: { fieldName: req.fieldName, path: req.filePath, bytes: file.bytes }, formData: req.formData },
      req.onProgress,
    )
  }

  const files = new Map(Object.entries(options.files ?? {}))
  const localFiles = options.localFiles ?? new FakeLocalFiles()
  const audio = new FakeAudioHost()
  const compressions: CompressImageRequest[] = []
  const intersections: FakeIntersectionTarget[] = []
  let compressed = 0
  let logins = 0
  let loginImpl = options.login
  let paymentImpl = options.requestPayment
  const payments: PaymentParams[] = []
  let transferImpl = options.requestMerchantTransfer
  const transfers: MerchantTransferParams[] = []
  let subscribeImpl = options.requestSubscribeMessage
  const subscribeRequests: string[][] = []
  const toSheet = (outcome: FakePaymentOutcome | PaymentSheetResult): PaymentSheetResult =>
    typeof outcome !== 'string' ? outcome : outcome === 'ok' ? { outcome: 'confirmed' } : outcome === 'cancel' ? { outcome: 'cancelled' } : { outcome: 'failed', detail: 'scripted failure' }

  const fakeSpeech = new FakeSpeech()
  const platform: Platform = {
    ...(options.speech ? { speech: fakeSpeech.speech } : {}),
    async getNetworkType() {
      return { networkType: conditions.type, weakNet: conditions.weak }
    },
    onNetworkStatusChange(listener) {
      statusListeners.add(listener)
      return () => statusListeners.delete(listener)
    },
    onShow(listener) {
      showListeners.add(listener)
      return () => showListeners.delete(listener)
    },
    onNetworkWeakChange(listener) {
      weakListeners.add(listener)
      return () => weakListeners.delete(listener)
    },
    request,
    uploadFile,
    downloadFile,
    async getStorage(key) {
      return storage.entries.get(key)
    },
    async setStorage(key, value) {
      storage.set(key, value)
    },
    async removeStorage(key) {
      storage.entries.delete(key)
    },
    async storageKeys() {
      return [...storage.entries.keys()]
    },
    login: () => {
      logins++
      return loginImpl ? loginImpl() : Promise.reject(unsupported('login', 'the fake platform (pass options.login or call setLoginCodes)'))
    },
    requestPayment: (params) => {
      payments.push(params)
      return paymentImpl ? paymentImpl(params) : Promise.reject(unsupported('requestPayment', 'the fake platform (pass options.requestPayment or call setPaymentOutcome)'))
    },
    requestMerchantTransfer: (params) => {
      transfers.push(params)
      return transferImpl ? transferImpl(params) : Promise.reject(unsupported('requestMerchantTransfer', 'the fake platform (pass options.requestMerchantTransfer or call setTransferOutcome)'))
    },
    requestSubscribeMessage: (templateIds) => {
      subscribeRequests.push([...templateIds])
      if (templateIds.length === 0 || templateIds.length > 3) return Promise.resolve({ outcome: 'failed', errCode: templateIds.length ? 20003 : 10001, detail: 'Templates count out of max bounds' })
      return subscribeImpl ? subscribeImpl(templateIds) : Promise.reject(unsupported('requestSubscribeMessage', 'the fake platform (pass options.requestSubscribeMessage or call setSubscribeAnswers)'))
    },
    getSystemInfo: () => ({ ...DEFAULT_SYSTEM_INFO, ...options.systemInfo }),
    createIntersectionWatcher(component): IntersectionWatcher {
      const mine: FakeIntersectionTarget[] = []
      return {
        observe(selector, margins, listener: (entry: IntersectionEntry) => void) {
          const target = { selector, margins, component, intersect: (ratio: number) => listener({ intersectionRatio: ratio, id: selector.replace(/^#/, '') }) }
          mine.push(target)
          intersections.push(target)
        },
        disconnect() {
          for (const target of mine.splice(0)) intersections.splice(intersections.indexOf(target), 1)
        },
      }
    },
    async getImageInfo(path) {
      const file = files.get(path)
      if (!file) throw new Error(`getImageInfo:fail file not found ${path}`)
      return { width: file.width, height: file.height, type: file.type }
    },
    async compressImage(req) {
      compressions.push(req)
      const file = files.get(req.src)
      if (!file) throw new Error(`compressImage:fail file not found ${req.src}`)
      // Scaled as asked (one side given keeps the aspect ratio); bytes shrink with the pixels and the quality.
      const scale = Math.min(1, req.width ? req.width / file.width : req.height ? req.height / file.height : 1)
      const out: FakeFile = {
        width: Math.round(file.width * scale),
        height: Math.round(file.height * scale),
        bytes: Math.max(1, Math.round(file.bytes * scale * scale * (req.quality / 100))),
        type: 'jpeg',
      }
      const tempFilePath = `wxfile://tmp/compressed-${++compressed}.jpg`
      files.set(tempFilePath, out)
      return { tempFilePath }
    },
  }

  return {
    platform,
    network,
    storage,
    received,
    sent,
    setHandler: (next) => (handler = next),
    files,
    compressions,
    intersections,
    setLoginCodes(codes) {
      loginImpl = async () => ({ code: await codes() })
    },
    get logins() {
      return logins
    },
    setPaymentOutcome(outcome) {
      paymentImpl = async (params) => toSheet(typeof outcome === 'function' ? await outcome(params) : outcome)
    },
    payments,
    setTransferOutcome(outcome) {
      transferImpl = async (params) => toSheet(typeof outcome === 'function' ? await outcome(params) : outcome)
    },
    transfers,
    setSubscribeAnswers(answer) {
      subscribeImpl = async (ids) => {
        if (typeof answer === 'string') return { outcome: 'answered', answers: Object.fromEntries(ids.map((id) => [id, answer])) }
        const given = await answer(ids)
        return 'outcome' in given && (given.outcome === 'answered' || given.outcome === 'failed') ? (given as SubscribeSheetResult) : { outcome: 'answered', answers: given as Record<string, SubscribeAnswer> }
      }
    },
    subscribeRequests,
    show: () => showListeners.forEach((l) => l()),
    localFiles,
    audio,
    speech: fakeSpeech,
  }
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value
  return out
}
