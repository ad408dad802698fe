/**
 * What the SDK needs from the host: WeChat through Taro, the H5 preview, or a fake in
 * tests. Every module takes a Platform instead of calling Taro directly, so the same
 * code runs (and is tested) everywhere. An adapter that cannot do something throws an
 * SdkError with code 'unsupported' (see ../errors/sdk-error.ts); it never pretends.
 */

/** WeChat's networkType values, as `wx.getNetworkType` reports them. */
export type NetworkType = 'wifi' | '5g' | '4g' | '3g' | '2g' | 'none' | 'unknown'

export interface NetworkTypeReading {
  networkType: NetworkType
  /** Base library 3.5.3+: WeChat judges the current link too weak to use well. */
  weakNet?: boolean
}

export interface NetworkStatusChange {
  isConnected: boolean
  networkType: NetworkType
}

export interface NetworkWeakChange {
  weakNet: boolean
  networkType: NetworkType
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** One HTTP exchange as the platform sees it: text in, text out; the SDK does the JSON. */
export interface HttpRequest {
  url: string
  method: HttpMethod
  /** Header names as given; the SDK sends them lower-case. */
  headers: Record<string, string>
  /** Text (JSON) for the API; bytes for a resumable upload's chunk (tus PATCH). */
  body?: string | ArrayBuffer
  /** A backstop for the host's own timer; the SDK keeps its own per-attempt timer too. */
  timeoutMs: number
}

export interface HttpResponse {
  status: number
  /** Header names lower-cased by the adapter. */
  headers: Record<string, string>
  body: string
}

/**
 * Why a transfer produced no response. 'network' covers refused, reset and DNS failures
 * and WeChat's "request:fail"; 'timeout' is the host's own timer.
 */
export type TransferFailureKind = 'network' | 'timeout' | 'aborted'

export class TransferFailure extends Error {
  constructor(
    readonly kind: TransferFailureKind,
    detail: string,
  ) {
    super(detail)
    this.name = 'TransferFailure'
  }
}

/** A running transfer: `result` rejects with a TransferFailure when there is no response. */
export interface Transfer<T> {
  result: Promise<T>
  abort(): void
}

export interface UploadRequest {
  url: string
  /** A local file path (wxfile://… on weapp, a blob: URL on H5). */
  filePath: string
  /** The multipart field name the server reads the file from. */
  fieldName: string
  headers: Record<string, string>
  formData?: Record<string, string>
  timeoutMs: number
  onProgress?: (sentBytes: number, totalBytes: number) => void
}

export interface DownloadRequest {
  url: string
  headers: Record<string, string>
  timeoutMs: number
  onProgress?: (receivedBytes: number, totalBytes: number) => void
}

export interface DownloadResponse {
  status: number
  /** A local temporary path to the downloaded file (cleaned by the host after the app exits). */
  tempFilePath: string
  /** Response headers, lower-cased, where the host reports them (weapp: onHeadersReceived). */
  headers?: Record<string, string>
}

/** The fields of `wx.requestPayment`, as the server hands them over. */
export interface PaymentParams {
  timeStamp: string
  nonceStr: string
  package: string
  signType: 'RSA' | 'MD5' | 'HMAC-SHA256'
  paySign: string
}

/** How the host cashier ended. A 'paid' here is not proof: the server decides. */
export type PaymentSheetResult = { outcome: 'confirmed' } | { outcome: 'cancelled' } | { outcome: 'failed'; detail: string }

/**
 * What `wx.requestMerchantTransfer` takes (商家转账, user-confirm mode): the merchant's mchId and
 * appId, and the bill's `package_info` — all from the server.
 */
export interface MerchantTransferParams {
  mchId: string
  appId: string
  package: string
}

/**
 * How WeChat's 确认收款 page ended. 'confirmed' is not proof the money arrived: the server decides
 * (its notification or a query). 'cancelled': the user left the page; the bill still waits.
 */
export type MerchantTransferResult = PaymentSheetResult

/** wx.requestSubscribeMessage's answer for one template id. */
export type SubscribeAnswer = 'accept' | 'reject' | 'ban' | 'filter'

/**
 * How WeChat's subscribe sheet ended: the user's answer per template id asked for, or WeChat's
 * refusal (errCode 20003 more than 3 ids, 20001 unknown id, 20004 the user turned subscriptions
 * off, 10005 not from a tap on screen …).
 */
export type SubscribeSheetResult =
  | { outcome: 'answered'; answers: Record<string, SubscribeAnswer> }
  | { outcome: 'failed'; errCode: number | null; detail: string }

export interface SystemInfo {
  pixelRatio: number
  windowWidth: number
  windowHeight: number
  /** 'ios', 'android', 'devtools', 'windows', 'mac', 'web'… */
  platform: string
  /** WeChat's font-size setting, for elder-friendly layouts; 1 when unknown. */
  fontSizeScaleFactor: number
  /** Whether the host's `<image>` shows WebP: weapp (with the `webp` attribute) and most browsers. */
  webp: boolean
}

export interface ImageInfo {
  width: number
  height: number
  /** 'jpeg', 'png', 'webp'… as the host reports it; may be absent. */
  type?: string
}

export interface CompressImageRequest {
  /** A local file path. */
  src: string
  /** 0-100, as `wx.compressImage` takes it. */
  quality: number
  /** Target size in px; give one side and the host keeps the aspect ratio. */
  width?: number
  height?: number
}

export interface IntersectionEntry {
  intersectionRatio: number
  /** The observed node's id or dataset, as the host reports it. */
  id?: string
}

export interface IntersectionWatcher {
  /** Starts watching nodes matching `selector`; margins in px grow the viewport (preload ahead). */
  observe(selector: string, margins: { top?: number; bottom?: number; left?: number; right?: number }, listener: (entry: IntersectionEntry) => void): void
  disconnect(): void
}

export interface Platform {
  getNetworkType(): Promise<NetworkTypeReading>
  /** Subscribes to connectivity changes; the returned function unsubscribes. */
  onNetworkStatusChange(listener: (change: NetworkStatusChange) => void): () => void
  /** WeChat 2.21.0+; throws 'unsupported' where the host has no such event. */
  onNetworkWeakChange(listener: (change: NetworkWeakChange) => void): () => void
  /**
   * The page on screen when this is called is shown again (navigated back to, or the app back
   * from the background); returns the unsubscribe. Optional: a host without pages never calls.
   */
  onShow?(listener: () => void): () => void

  request(request: HttpRequest): Transfer<HttpResponse>
  uploadFile(request: UploadRequest): Transfer<HttpResponse>
  downloadFile(request: DownloadRequest): Transfer<DownloadResponse>

  /** Storage holds strings; the SDK does the JSON so it can measure sizes exactly. */
  getStorage(key: string): Promise<string | undefined>
  setStorage(key: string, value: string): Promise<void>
  removeStorage(key: string): Promise<void>
  storageKeys(): Promise<string[]>

  /** `wx.login`: a single-use code, valid 5 minutes, for the server to exchange. */
  login(): Promise<{ code: string }>
  requestPayment(params: PaymentParams): Promise<PaymentSheetResult>
  /** `wx.requestMerchantTransfer`: the user confirms receiving a merchant transfer; 'unsupported' where WeChat is too old. */
  requestMerchantTransfer(params: MerchantTransferParams): Promise<MerchantTransferResult>
  /**
   * `wx.requestSubscribeMessage` for up to 3 template ids (one-time subscriptions). WeChat shows the
   * sheet only when this is called directly in a user's tap — synchronously, before any await.
   * Optional: a host without it (e.g. a bench's Node platform) is treated as 'unsupported'.
   */
  requestSubscribeMessage?(templateIds: string[]): Promise<SubscribeSheetResult>
  getSystemInfo(): SystemInfo
  /**
   * `component` is the page or custom component whose nodes are watched (in Taro
   * `getCurrentInstance().page`, the default when undefined; nodes inside a CustomWrapper
   * need that wrapper's instance).
   */
  createIntersectionWatcher(component: unknown): IntersectionWatcher

  /** `wx.getImageInfo` on a local file: its size in px. */
  getImageInfo(path: string): Promise<ImageInfo>
  /** `wx.compressImage`: a new local file; throws 'unsupported' where the host cannot (H5). */
  compressImage(request: CompressImageRequest): Promise<{ tempFilePath: string }>

  /**
   * Reads text aloud (听), where the host has a zh-CN voice: H5 the browser's speechSynthesis,
   * tests the fake's. Absent on taroPlatform: WeChat's voice is the 同声传译 plugin, which only
   * the subpackage that declares it may require — `speechOf(platform)` in `@tianyuan/sdk/speech`
   * adds it there. Absent (or `available()` false) → no 听 button.
   */
  speech?: Speech
}

export interface SpeakOptions {
  /** Called as each piece starts: index from 0, and how many there are. */
  onPiece?: (index: number, total: number) => void
}

/** A voice that reads zh-CN text aloud, a sentence-sized piece at a time. */
export interface Speech {
  /** Whether there is a voice to read with (H5: a zh-CN one among the browser's; weapp: the plugin declared). */
  available(): Promise<boolean>
  /**
   * Reads `text` (stopping anything being read first): 'done' after the last piece, 'stopped'
   * when `stop()` (or another `speak`) cut it short; an SdkError (code 'failed', zh-CN
   * userMessage) when the voice fails.
   */
  speak(text: string, options?: SpeakOptions): Promise<'done' | 'stopped'>
  /** Stops at once. */
  stop(): void
}

/** What the host knows of a local file. */
export interface FileStat {
  bytes: number
}

/**
 * The phone's own files (`wx.getFileSystemManager()` on weapp): downloads kept for offline use,
 * and originals read a chunk at a time for a resumable upload. Not a member of `Platform`:
 * only the pages that download or upload (subpackages) need it, so its adapter stays out of
 * every main package. `@tianyuan/sdk/downloads` and `/resumable-upload` export the host's one.
 */
export interface LocalFiles {
  /** `wx.env.USER_DATA_PATH`: files here outlive the app and count against WeChat's 200 MB. */
  readonly userDataPath: string
  /** undefined when there is no such file. */
  stat(path: string): Promise<FileStat | undefined>
  /** `length` bytes from `position` (to the end when `length` is omitted). */
  read(path: string, position?: number, length?: number): Promise<ArrayBuffer>
  /** Appends, creating the file when it is missing. */
  append(path: string, data: ArrayBuffer): Promise<void>
  /** Removes a file; a missing one is not an error. */
  remove(path: string): Promise<void>
  /** Bytes of every file under the user data path and every saved file: WeChat's 200 MB counts these. */
  usedBytes(): Promise<number>
}

/** WeChat's limit for saved files plus files under `USER_DATA_PATH`, per mini-program and user. */
export const LOCAL_FILES_LIMIT_BYTES = 200 * 1024 * 1024

export type AudioPlayerEvent = 'canplay' | 'play' | 'pause' | 'stop' | 'ended' | 'timeupdate' | 'waiting' | 'error'

/** One thing to play. BackgroundAudioManager refuses to play without a title. */
export interface AudioTrack {
  /** An https URL (signed: the player sends no session header) or a local file path. */
  src: string
  title: string
  /** Shown on the lock screen: the course, the teacher. */
  subtitle?: string
  coverUrl?: string
  /** Seconds to start from. */
  startAt?: number
  /** 0.5-2.0 (WeChat's range). */
  rate?: number
}

/**
 * One audio player: `background` is WeChat's BackgroundAudioManager (one per app, keeps playing
 * with the screen off; needs `requiredBackgroundModes: ['audio']`), `inner` an
 * InnerAudioContext (pauses in the background; plays local files for sure). Same shape on both.
 */
export interface AudioPlayer {
  readonly kind: 'background' | 'inner'
  /** Sets the source and starts playing (as setting BackgroundAudioManager's src does). */
  load(track: AudioTrack): void
  play(): void
  pause(): void
  seek(seconds: number): void
  setRate(rate: number): void
  stop(): void
  /** Seconds. */
  currentTime(): number
  /** Seconds; 0 until the host knows. */
  duration(): number
  paused(): boolean
  /** `error` carries the host's message; returns the unsubscribe. */
  on(event: AudioPlayerEvent, listener: (detail?: { message?: string }) => void): () => void
  /** Stops and lets go of the host's player (listeners removed). */
  destroy(): void
}

/** Audio players from the host; a separate module from `Platform` for the same reason as LocalFiles. */
export interface AudioHost {
  createPlayer(kind: 'background' | 'inner'): AudioPlayer
}
