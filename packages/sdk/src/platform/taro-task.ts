import { TransferFailure, type Transfer } from './types'

export function lowerCaseKeys(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (headers && typeof headers === 'object') {
    for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = String(value)
  }
  return out
}

/** WeChat reports failures as errMsg strings ("request:fail timeout", "…:fail abort"). */
export function toTransferFailure(error: unknown): TransferFailure {
  const detail = String((error as { errMsg?: string; message?: string })?.errMsg ?? (error as Error)?.message ?? error)
  if (/timeout|timed out/i.test(detail)) return new TransferFailure('timeout', detail)
  if (/abort/i.test(detail)) return new TransferFailure('aborted', detail)
  return new TransferFailure('network', detail)
}

/** Turns a callback-style Taro task into a Transfer, so every host looks the same to the SDK. */
export function transfer<T>(start: (resolve: (value: T) => void, reject: (error: unknown) => void) => { abort(): void } | undefined): Transfer<T> {
  let task: { abort(): void } | undefined
  const result = new Promise<T>((resolve, reject) => {
    task = start(resolve, (error) => reject(toTransferFailure(error)))
  })
  // Taro also returns a promise that rejects on failure; the callbacks above already carry
  // the outcome, so keep that twin from surfacing as an unhandled rejection.
  const twin = task as Partial<PromiseLike<unknown>> | undefined
  if (typeof twin?.then === 'function') twin.then(undefined, () => {})
  return { result, abort: () => task?.abort() }
}

/**
 * A Transfer whose code is loaded first (a dynamic import on H5): the same shape at once, the
 * work started when the module is in; an abort before then stops it from starting at all.
 */
export function later<M, T>(load: () => Promise<M>, start: (module: M) => Transfer<T>): Transfer<T> {
  let started: Transfer<T> | undefined
  let aborted = false
  const result = load().then((module) => {
    if (aborted) throw new TransferFailure('aborted', 'aborted before it started')
    started = start(module)
    return started.result
  })
  return {
    result,
    abort: () => {
      aborted = true
      started?.abort()
    },
  }
}
