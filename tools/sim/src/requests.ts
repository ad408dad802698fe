import { failResult, type WxCallbacks, type WxResult } from './callbacks'

/** Answers the mini-program's HTTP traffic, e.g. Hono's `app.fetch` or a loopback `fetch`. */
export type FetchHandler = (request: Request) => Response | Promise<Response>

/** One wx.request / uploadFile / downloadFile, as the test can inspect it afterwards. */
export interface RequestRecord {
  /** 'audio': a BackgroundAudioManager / InnerAudioContext source streamed from the network. */
  api: 'request' | 'uploadFile' | 'downloadFile' | 'audio'
  method: string
  url: string
  /** set when the handler answered */
  status?: number
  /** errMsg when the call failed (offline, timeout, abort, handler threw) */
  error?: string
}

/** What the transfer APIs need from the fake wx around them. */
export interface TransferContext {
  /** read per call: the test may swap it between requests */
  handler: () => FetchHandler | undefined
  isOnline: () => boolean
  files: Map<string, Uint8Array>
  log: RequestRecord[]
  nextTempPath: () => string
}

interface RequestOptions extends WxCallbacks {
  url?: unknown
  method?: string
  header?: Record<string, string>
  data?: unknown
  dataType?: string
  responseType?: string
  timeout?: number
}

interface UploadOptions extends WxCallbacks {
  url?: unknown
  filePath?: string
  name?: string
  header?: Record<string, string>
  formData?: Record<string, unknown>
  timeout?: number
}

interface DownloadOptions extends WxCallbacks {
  url?: unknown
  header?: Record<string, string>
  filePath?: string
  timeout?: number
}

type Listener = (event: Record<string, unknown>) => void

/** The task object WeChat returns from request/uploadFile/downloadFile. */
export interface TransferTask {
  abort(): void
  onHeadersReceived(listener: Listener): void
  offHeadersReceived(listener?: Listener): void
  onChunkReceived(listener: Listener): void
  offChunkReceived(listener?: Listener): void
  onProgressUpdate(listener: Listener): void
  offProgressUpdate(listener?: Listener): void
}

// WeChat's default timeout for network APIs (ms), when app.json sets none.
const DEFAULT_TIMEOUT_MS = 60_000

/** wx.request: any HTTP status is a `success`; `fail` only when no answer arrives. */
export function wxRequest(ctx: TransferContext, opts: RequestOptions = {}): TransferTask {
  const method = (opts.method ?? 'GET').toUpperCase()
  return transfer(ctx, 'request', method, opts, (url) => {
    const headers = new Headers(opts.header ?? {})
    let body: string | ArrayBuffer | undefined
    const { data } = opts
    if (data != null) {
      if (method === 'GET' || method === 'HEAD') {
        // WeChat turns GET data into the query string
        if (typeof data === 'object') {
          for (const [key, value] of Object.entries(data)) url.searchParams.append(key, String(value))
        } else url.search += (url.search ? '&' : '') + String(data)
      } else if (typeof data === 'string' || data instanceof ArrayBuffer) {
        body = data
      } else if (/x-www-form-urlencoded/i.test(headers.get('content-type') ?? '')) {
        body = new URLSearchParams(data as Record<string, string>).toString()
      } else {
        // WeChat's default content-type is application/json and objects are sent as JSON
        if (!headers.has('content-type')) headers.set('content-type', 'application/json')
        body = JSON.stringify(data)
      }
    }
    return { init: { method, headers, body }, finish: async (response) => {
      let resultData: unknown
      if (opts.responseType === 'arraybuffer') resultData = await response.arrayBuffer()
      else {
        const text = await response.text()
        resultData = text
        if ((opts.dataType ?? 'json') === 'json') {
          try {
            resultData = JSON.parse(text)
          } catch {
            // not JSON: WeChat hands over the text as it is
          }
        }
      }
      return {
        data: resultData,
        statusCode: response.status,
        header: headerObject(response.headers),
        cookies: response.headers.getSetCookie(),
      }
    } }
  })
}

/** wx.uploadFile: posts the file (from the fake file system) as multipart form data. */
export function wxUploadFile(ctx: TransferContext, opts: UploadOptions = {}): TransferTask {
  return transfer(ctx, 'uploadFile', 'POST', opts, () => {
    const filePath = opts.filePath ?? ''
    const bytes = ctx.files.get(filePath)
    if (!bytes) throw new Error(`file not found: ${filePath}`)
    const form = new FormData()
    for (const [key, value] of Object.entries(opts.formData ?? {})) form.append(key, String(value))
    form.append(opts.name ?? 'file', new Blob([bytes as Uint8Array<ArrayBuffer>]), filePath.split('/').pop())
    return { init: { method: 'POST', headers: new Headers(opts.header ?? {}), body: form }, finish: async (response) => {
      // uploadFile's data is always the response text
      return { data: await response.text(), statusCode: response.status, header: headerObject(response.headers) }
    } }
  })
}

/** wx.downloadFile: stores the body in the fake file system and answers with its path. */
export function wxDownloadFile(ctx: TransferContext, opts: DownloadOptions = {}): TransferTask {
  return transfer(ctx, 'downloadFile', 'GET', opts, () => ({
    init: { method: 'GET', headers: new Headers(opts.header ?? {}) },
    finish: async (response) => {
      const bytes = new Uint8Array(await response.arrayBuffer())
      const path = opts.filePath ?? ctx.nextTempPath()
      ctx.files.set(path, bytes)
      const where = opts.filePath ? { filePath: path } : { tempFilePath: path }
      return { ...where, statusCode: response.status, header: headerObject(response.headers), dataLength: bytes.length }
    },
  }))
}

interface Prepared {
  init: RequestInit
  finish: (response: Response) => Promise<Record<string, unknown>>
}

function transfer(
  ctx: TransferContext,
  api: RequestRecord['api'],
  method: string,
  opts: WxCallbacks & { url?: unknown; timeout?: number },
  prepare: (url: URL) => Prepared,
): TransferTask {
  const listeners = { headers: new Set<Listener>(), chunk: new Set<Listener>(), progress: new Set<Listener>() }
  const record: RequestRecord = { api, method, url: String(opts.url) }
  ctx.log.push(record)
  const controller = new AbortController()
  let answered = false
  const answer = (ok: boolean, result: WxResult): void => {
    if (answered) return
    answered = true
    clearTimeout(timer)
    if (!ok) {
      record.error = result.errMsg
      controller.abort()
    }
    if (ok) opts.success?.(result)
    else opts.fail?.(result)
    opts.complete?.(result)
  }
  const fail = (error: unknown): void => answer(false, { ...failResult(api, error), errno: 600001 })
  const timer = setTimeout(() => fail(new Error('timeout')), opts.timeout ?? DEFAULT_TIMEOUT_MS)

  // The answer always comes after the caller has its task object, as in WeChat.
  setTimeout(() => {
    void (async () => {
      if (!ctx.isOnline()) throw new Error('net::ERR_INTERNET_DISCONNECTED')
      const url = absoluteUrl(opts.url)
      const handler = ctx.handler()
      if (!handler) throw new Error(`no fetch handler: pass one to launchApp({ fetch }) to answer ${method} ${url.href}`)
      const prepared = prepare(url)
      record.url = url.href
      const response = await handler(new Request(url, { ...prepared.init, signal: controller.signal }))
      if (answered) return
      record.status = response.status
      const headerEvent = { header: headerObject(response.headers), statusCode: response.status }
      for (const listener of listeners.headers) listener(headerEvent)
      const fields = await prepared.finish(response)
      for (const listener of listeners.progress) listener({ progress: 100, totalBytesWritten: 0, totalBytesExpectedToWrite: 0 })
      answer(true, { ...fields, errMsg: `${api}:ok` })
    })().catch(fail)
  }, 0)

  const off = (set: Set<Listener>) => (listener?: Listener) => (listener ? set.delete(listener) : set.clear())
  return {
    abort: () => fail(new Error('abort')),
    onHeadersReceived: (listener) => listeners.headers.add(listener),
    offHeadersReceived: off(listeners.headers),
    onChunkReceived: (listener) => listeners.chunk.add(listener),
    offChunkReceived: off(listeners.chunk),
    onProgressUpdate: (listener) => listeners.progress.add(listener),
    offProgressUpdate: off(listeners.progress),
  }
}

/** Response headers as WeChat's `header` object (names lower-cased, as fetch gives them). */
function headerObject(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {}
  headers.forEach((value, name) => {
    out[name] = value
  })
  return out
}

/** WeChat accepts only absolute http(s) urls; a relative one is a bug in the app. */
function absoluteUrl(raw: unknown): URL {
  let url: URL
  try {
    url = new URL(String(raw))
  } catch {
    throw new Error(`invalid url "${String(raw)}"`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`invalid url "${String(raw)}"`)
  return url
}

/**
 * A handler that forwards each request to a real server, e.g. the API listening on loopback:
 * `launchApp({ fetch: forwardTo('http://127.0.0.1:8787') })`. The app's own origin (say
 * https://api.tianyuan.example) is replaced by `origin`; path, query, method, headers and
 * body go through unchanged.
 */
export function forwardTo(origin: string): FetchHandler {
  const target = new URL(origin)
  return async (request) => {
    const url = new URL(request.url)
    url.protocol = target.protocol
    url.host = target.host
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD'
    return fetch(url, {
      method: request.method,
      headers: request.headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
      signal: request.signal,
    })
  }
}
