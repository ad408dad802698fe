import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ErrorBody, ErrorCode, FieldIssue } from '@tianyuan/contracts'

/** An error meant for the client: thrown anywhere, turned into the one error shape by app.onError. */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    /** Plain zh-CN a villager can act on. */
    message: string,
    readonly details?: ErrorBody['details'],
    readonly headers?: Record<string, string>,
  ) {
    super(message)
    this.name = 'AppError'
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details }
  }
}

export const errors = {
  badRequest: (message = '请求内容有误，请返回重试') => new AppError(400, 'BAD_REQUEST', message),
  validation: (issues: FieldIssue[]) => {
    const first = issues[0]
    const where = first && first.field ? `「${first.field}」` : '提交的内容'
    const message = `${where}有误：${first?.message ?? '请检查后再提交'}`
    return new AppError(400, 'VALIDATION_FAILED', message, { issues })
  },
  tooLarge: (message = '提交的内容太大了，请减少后再试') => new AppError(413, 'PAYLOAD_TOO_LARGE', message),
  unsupportedMediaType: (message = '请求格式不对，请更新小程序后再试') => new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', message),
  unauthenticated: () => new AppError(401, 'UNAUTHENTICATED', '请先登录'),
  sessionExpired: () => new AppError(401, 'SESSION_EXPIRED', '登录已过期，请重新登录'),
  notFound: (message = '没有找到这个内容，可能已被删除') => new AppError(404, 'NOT_FOUND', message),
  rateLimited: (retryAfterSeconds: number, message = '操作太频繁了，请稍等一分钟再试') =>
    new AppError(429, 'RATE_LIMITED', message, undefined, { 'Retry-After': String(retryAfterSeconds) }),
  internal: () => new AppError(500, 'INTERNAL', '服务器出了点问题，请稍后再试'),
}
