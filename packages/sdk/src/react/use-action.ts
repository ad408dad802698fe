import { useCallback, useRef, useState } from 'react'
import { isSdkError, SdkError, USER_MESSAGES } from '../errors/sdk-error'

export interface ActionOptions<T> {
  /** What the page's query shows now (`query.data…`): replaced by an action's answer until it catches up. */
  fetched: T | undefined
  /**
   * How far along a value is (an appointment's event count, an order's status rank). An
   * action's answer is shown while it is further along than `fetched`: a refetch that
   * returns an older copy (a cached one, or a GET that left before the change) does not undo
   * what the server already said.
   */
  version: (value: T) => number
  /** Which thing a value is (its id): an answer about another thing is never shown. Default: all the same. */
  key?: (value: T) => string
  /** Called after each success (`query.refetch`), so the page catches up with the server. */
  refetch?: () => void
}

export interface ActionView<T> {
  /**
   * Runs `action` unless one is pending (a second tap while pending does nothing and resolves
   * undefined). Resolves with the action's result, or undefined when it failed (see `error`);
   * never rejects. An answer of type T becomes `shown` until the refetch catches up.
   */
  run<R extends T | void>(action: () => Promise<R>): Promise<R | undefined>
  /** An action is running: show progress, disable the buttons. */
  pending: boolean
  /** The last action's failure (cleared when the next starts); `error.userMessage` is zh-CN for the screen. */
  error: SdkError | undefined
  /** What to show: the latest answer while it is ahead of `fetched`, else `fetched`. */
  shown: T | undefined
  /** Forgets the error (e.g. when the user turns to something else). */
  clearError(): void
}

/**
 * "Do this, show progress, then show the server's answer until the refetch catches up": the
 * one way a page runs a change (cancel an order, start a visit) against what its `useQuery`
 * shows. Failures become an SdkError (an app's own throw too), so the screen always has a
 * zh-CN sentence to show.
 */
export function useAction<T>({ fetched, version, key, refetch }: ActionOptions<T>): ActionView<T> {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<SdkError>()
  const [answer, setAnswer] = useState<{ value: T }>()
  // A ref, not the state: two taps in one frame both see `pending` false.
  const running = useRef(false)

  const run = useCallback(async <R extends T | void>(action: () => Promise<R>): Promise<R | undefined> => {
    if (running.current) return undefined
    running.current = true
    setPending(true)
    setError(undefined)
    try {
      const result = await action()
      if (result !== undefined) setAnswer({ value: result as T })
      refetch?.()
      return result
    } catch (thrown) {
      setError(asSdkError(thrown))
      return undefined
    } finally {
      running.current = false
      setPending(false)
    }
  }, [refetch])

  let shown = fetched
  if (answer) {
    const value = answer.value
    if (fetched === undefined) shown = value
    else if ((!key || key(value) === key(fetched)) && version(value) > version(fetched)) shown = value
  }
  return { run, pending, error, shown, clearError: useCallback(() => setError(undefined), []) }
}

/** What failed, as an SdkError: the request's own, or `failed` for anything else thrown. */
export function asSdkError(thrown: unknown): SdkError {
  if (isSdkError(thrown)) return thrown
  return new SdkError({ code: 'failed', userMessage: USER_MESSAGES.failed, message: thrown instanceof Error ? thrown.message : String(thrown), cause: thrown })
}
