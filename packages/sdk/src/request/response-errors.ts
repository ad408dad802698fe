import { SdkError, USER_MESSAGES } from '../errors/sdk-error'
import type { HttpResponse, TransferFailure } from '../platform/types'

/** The API's error body: `{ code, message, details? }`, message in zh-CN for the user. */
export interface ServerErrorBody {
  code: string
  message: string
  details?: unknown
}

function readServerError(body: string): ServerErrorBody | undefined {
  try {
    const parsed = JSON.parse(body) as Partial<ServerErrorBody> | null
    if (parsed && typeof parsed.code === 'string' && typeof parsed.message === 'string') return parsed as ServerErrorBody
  } catch {
    // a proxy's HTML page, an empty body: no server message to show
  }
  return undefined
}

/** The API's answer to a key whose first request is still running (see apps/api idempotency). */
export const IDEMPOTENCY_IN_PROGRESS = 'IDEMPOTENCY_IN_PROGRESS'

/** An HTTP error status as an SdkError, keeping the server's own code and zh-CN message. */
export function errorFromResponse(response: HttpResponse, what: string): SdkError {
  const server = readServerError(response.body)
  const { status } = response
  const inProgress = status === 409 && server?.code === IDEMPOTENCY_IN_PROGRESS
  const code = status === 429 ? 'rate_limited' : status === 408 ? 'timeout' : status >= 500 ? 'server' : inProgress ? 'in_progress' : 'rejected'
  const fallback = code === 'rejected' ? `请求没有成功（${status}），请检查后再试` : USER_MESSAGES[code]
  return new SdkError({
    code,
    status,
    userMessage: server?.message ?? fallback,
    serverCode: server?.code,
    details: server?.details,
    message: `${what} → ${status}${server ? ` ${server.code}: ${server.message}` : ''}`,
  })
}

/** No response at all, as an SdkError. */
export function errorFromFailure(failure: TransferFailure, what: string, offline: boolean, pastDeadline: boolean): SdkError {
  const code = failure.kind === 'aborted' ? 'aborted' : pastDeadline ? 'deadline' : failure.kind === 'timeout' ? 'timeout' : offline ? 'offline' : 'network'
  return new SdkError({ code, userMessage: USER_MESSAGES[code], message: `${what} → ${failure.kind}: ${failure.message}`, cause: failure })
}

/** Whether another attempt could change the answer. */
export function isRetryableError(error: SdkError): boolean {
  return ['network', 'timeout', 'offline', 'rate_limited', 'server', 'in_progress'].includes(error.code)
}
