/** The callback options every asynchronous wx API takes. */
export interface WxCallbacks {
  success?: (result: WxResult) => void
  fail?: (result: WxResult) => void
  complete?: (result: WxResult) => void
}

export interface WxResult {
  errMsg: string
  [field: string]: unknown
}

/** Thrown inside an API's implementation to answer `fail` with `<api>:fail <reason>`. */
export class WxFailure extends Error {
  constructor(
    readonly reason: string,
    readonly fields: Record<string, unknown> = {},
  ) {
    super(reason)
    this.name = 'WxFailure'
  }
}

/**
 * Runs `work` and answers through success/fail/complete the way WeChat does: always after
 * the caller has returned (the real answer crosses the JS bridge), with errMsg '<name>:ok'
 * or '<name>:fail …'. Without any callback the API returns a Promise instead, as WeChat's
 * base library does since 2.10.2.
 */
export function answerAsync(
  name: string,
  options: WxCallbacks | undefined,
  work: () => Record<string, unknown> | Promise<Record<string, unknown>>,
): Promise<WxResult> | undefined {
  const opts = options ?? {}
  const wantsPromise = !opts.success && !opts.fail && !opts.complete
  const settled = new Promise<{ ok: boolean; result: WxResult }>((resolve) => {
    setTimeout(() => {
      Promise.resolve()
        .then(work)
        .then(
          (fields) => resolve({ ok: true, result: { ...fields, errMsg: `${name}:ok` } }),
          (error: unknown) => resolve({ ok: false, result: failResult(name, error) }),
        )
    }, 0)
  })
  const answered = settled.then(({ ok, result }) => {
    if (ok) opts.success?.(result)
    else opts.fail?.(result)
    opts.complete?.(result)
    if (!ok) throw result
    return result
  })
  if (wantsPromise) return answered
  // Callback style: the failure already went to `fail`; do not leave a rejected promise behind.
  answered.catch(() => undefined)
  return undefined
}

/** The `fail` payload for an error thrown by an implementation. */
export function failResult(name: string, error: unknown): WxResult {
  if (error instanceof WxFailure) return { ...error.fields, errMsg: `${name}:fail ${error.reason}` }
  const reason = error instanceof Error ? error.message : String(error)
  return { errMsg: `${name}:fail ${reason}` }
}
