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
  body?: string
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
  /** A local temporary path to the downloaded file. */
  tempFilePath: string
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
}
