import { TapGuard } from './tap-guard'

function deferred() {
  let resolve!: () => void
  let reject!: (e: unknown) => void
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('TapGuard (no double submit)', () => {
  it('runs a synchronous handler on every tap', () => {
    const guard = new TapGuard()
    const handler = jest.fn()
    expect(guard.tap(handler, {})).toBe(true)
    expect(guard.tap(handler, {})).toBe(true)
    expect(handler).toHaveBeenCalledTimes(2)
  })

  it('refuses taps while the previous tap’s promise is pending, even before the page sets loading', async () => {
    const guard = new TapGuard()
    const order = deferred()
    const submit = jest.fn(() => order.promise)
    const settled = jest.fn()
    expect(guard.tap(submit, {}, settled)).toBe(true)
    expect(guard.busy).toBe(true)
    // an impatient second and third tap on a slow phone
    expect(guard.tap(submit, {}, settled)).toBe(false)
    expect(guard.tap(submit, {}, settled)).toBe(false)
    expect(submit).toHaveBeenCalledTimes(1)

    order.resolve()
    await order.promise
    expect(guard.busy).toBe(false)
    expect(settled).toHaveBeenCalledTimes(1)
    expect(guard.tap(submit, {}, settled)).toBe(true)
    expect(submit).toHaveBeenCalledTimes(2)
  })

  it('lets go after a rejected promise, so the user can try again', async () => {
    const guard = new TapGuard()
    const attempt = deferred()
    guard.tap(() => attempt.promise, {})
    attempt.reject(new Error('offline'))
    await attempt.promise.catch(() => undefined)
    await Promise.resolve()
    expect(guard.busy).toBe(false)
    const again = jest.fn()
    expect(guard.tap(again, {})).toBe(true)
    expect(again).toHaveBeenCalledTimes(1)
  })

  it('refuses taps while loading or disabled, and without a handler', () => {
    const guard = new TapGuard()
    const handler = jest.fn()
    expect(guard.tap(handler, { loading: true })).toBe(false)
    expect(guard.tap(handler, { disabled: true })).toBe(false)
    expect(guard.tap(undefined, {})).toBe(false)
    expect(handler).not.toHaveBeenCalled()
  })
})
