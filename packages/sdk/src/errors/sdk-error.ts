/**
 * Every failure the SDK reports is an SdkError: `code` is for the app's logic (stable,
 * English, snake_case), `userMessage` is a zh-CN sentence the app can show a villager as it
 * is, and `message` is for developers and logs.
 */
export type SdkErrorCode =
  /** No network at all; nothing was sent. */
  | 'offline'
  /** The connection broke or the server could not be reached. */
  | 'network'
  /** One attempt took longer than its per-attempt timeout. */
  | 'timeout'
  /** All attempts together ran past the request's overall deadline. */
  | 'deadline'
  /** The app cancelled the request. */
  | 'aborted'
  /** The server answered 429 (too many requests). */
  | 'rate_limited'
  /**
   * 409 IDEMPOTENCY_IN_PROGRESS: the server is still working on an earlier attempt with the
   * same key. Not a refusal: the SDK asks again after Retry-After and gets the stored answer.
   */
  | 'in_progress'
  /** The server answered 5xx. */
  | 'server'
  /** The server answered with something that is not the JSON it promised. */
  | 'bad_response'
  /** The value is over WeChat's 1 MB per storage key. */
  | 'storage_too_large'
  /** The platform refused to store (10 MB per mini-program, disk full, private mode…). */
  | 'storage_failed'
  /** The platform has no such capability here (e.g. WeChat Pay in an ordinary browser). */
  | 'unsupported'
  /** Any 4xx: the server's own `code` is kept in `serverCode`. */
  | 'rejected'
  /** The host's login (`wx.login`, the sandbox's on H5) gave no code. */
  | 'login_failed'
  /** Something other than a request failed (an app's own check, the host): see `cause`. */
  | 'failed'

export interface SdkErrorInit {
  code: SdkErrorCode
  userMessage: string
  message?: string
  /** HTTP status when the server answered. */
  status?: number
  /** The server's own error code from `{ code, message, details }`. */
  serverCode?: string
  details?: unknown
  cause?: unknown
}

export class SdkError extends Error {
  readonly code: SdkErrorCode
  readonly userMessage: string
  readonly status?: number
  readonly serverCode?: string
  readonly details?: unknown
  /**
   * The Idempotency-Key the failed change was sent with. After a network failure the server
   * may have done it: to try again, send the same key so it cannot be done twice.
   */
  idempotencyKey?: string

  constructor(init: SdkErrorInit) {
    super(init.message ?? init.userMessage)
    this.name = 'SdkError'
    this.code = init.code
    this.userMessage = init.userMessage
    this.status = init.status
    this.serverCode = init.serverCode
    this.details = init.details
    if (init.cause !== undefined) (this as { cause?: unknown }).cause = init.cause
  }
}

/** What the user reads when nothing more specific is known. */
export const USER_MESSAGES: Record<Exclude<SdkErrorCode, 'rejected' | 'storage_too_large'>, string> = {
  offline: '没有网络，请连上网络后再试',
  network: '网络不太好，没有连上服务器，请稍后再试',
  timeout: '网络太慢，等了很久没有回应，请稍后再试',
  deadline: '网络太慢，等了很久没有回应，请稍后再试',
  aborted: '已取消',
  rate_limited: '操作太频繁，请稍等一会儿再试',
  in_progress: '上一次提交还在处理中，请稍等几秒再看结果',
  server: '服务器忙，请稍后再试',
  bad_response: '服务器返回的内容有误，请稍后再试',
  storage_failed: '手机上的存储空间不够，保存失败',
  unsupported: '当前环境不支持这个功能，请在微信里打开',
  login_failed: '微信登录没有成功，请再试一次',
  failed: '操作没有成功，请再试一次',
}

export function isSdkError(value: unknown): value is SdkError {
  return value instanceof SdkError
}

/** Thrown by a platform adapter for a call the host cannot do, instead of pretending. */
export function unsupported(capability: string, where: string): SdkError {
  return new SdkError({
    code: 'unsupported',
    userMessage: USER_MESSAGES.unsupported,
    message: `${capability} is not supported on ${where}`,
  })
}
