// No double submit. A villager on a slow phone taps 提交订单 again when nothing seems to
// happen; the second tap must not send a second order. The button refuses taps while the
// parent says `loading`, and also while the promise its last onClick returned is pending:
// that covers the gap before the parent has re-rendered with `loading`.

export interface TapGuardState {
  loading?: boolean
  disabled?: boolean
}

export class TapGuard {
  private pending = false

  /** True while an earlier tap's promise has not settled. */
  get busy(): boolean {
    return this.pending
  }

  /**
   * Runs `handler` unless the button is disabled, loading or busy; returns whether it ran.
   * `onSettled` is called when a returned promise settles (to re-render the button).
   */
  tap(handler: (() => unknown) | undefined, state: TapGuardState, onSettled?: () => void): boolean {
    if (!handler || state.disabled || state.loading || this.pending) return false
    const result = handler()
    if (isThenable(result)) {
      this.pending = true
      const release = (): void => {
        this.pending = false
        onSettled?.()
      }
      // The handler's own rejection is the page's to handle; the guard only lets go.
      result.then(release, release)
    }
    return true
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
}
