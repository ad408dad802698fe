import type { OpenPayment, Payments, PaymentsOptions, PayResult } from './payment'

/**
 * `Payments` whose code (payment.ts, ≈ 4.4 KB minified) is loaded only when it has work: a
 * `pay()`, `open()` or `resume()`, or payments left open by the last session (read from the same
 * stored record at start, then handed over so the real one asks the server as it always does).
 * On H5 `load` is a dynamic import, so the first screen does not carry it (sdk.ts); the
 * behaviour is the real one's in every case.
 */
export function createLazyPayments(options: PaymentsOptions, load: () => Promise<{ createPayments(options: PaymentsOptions): Payments }>): Payments {
  const listeners = new Set<(result: PayResult) => void>()
  let real: Promise<Payments> | undefined
  let disposed = false
  const start = (): Promise<Payments> =>
    (real ??= load().then(({ createPayments }) => {
      const payments = createPayments(options)
      if (disposed) payments.dispose()
      // Listeners added before the code arrived, and those added after, hear the same outcomes.
      payments.subscribe((result) => {
        for (const listener of [...listeners]) listener(result)
      })
      return payments
    }))
  // Something left open by the last session: the real payments settle it now, as before.
  const stored = options.store.get<Record<string, OpenPayment>>('open').then(
    (open) => {
      if (!disposed && open && Object.keys(open).length > 0) return start().then((payments) => payments.ready)
    },
    () => undefined,
  )
  return {
    ready: stored.then(() => undefined),
    pay: (order, onState) => start().then((payments) => payments.pay(order, onState)),
    open: () => start().then((payments) => payments.open()),
    resume: () => start().then((payments) => payments.resume()),
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    dispose() {
      disposed = true
      void real?.then((payments) => payments.dispose())
    },
  }
}
