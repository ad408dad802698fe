export interface WaitOptions {
  /** ms; default 5000 */
  timeout?: number
  /** What is being waited for, for the error message. */
  description?: string
  /** Extra state for the error message, read when the wait fails. */
  explain?: () => string
  /** Checked on every poll: return an error to stop waiting and throw it (e.g. a page crashed). */
  abortIf?: () => unknown
}

const POLL_MS = 5

/**
 * Resolves once `predicate` returns a truthy value (and resolves with it). Polls: React
 * reaches setData after a variable delay (46-170 ms seen), so a fixed sleep is either slow
 * or flaky, and a count of setData calls is no good either (useDidShow adds its own).
 */
export async function waitFor<T>(predicate: () => T | undefined | null | false, options: WaitOptions = {}): Promise<T> {
  const timeout = options.timeout ?? 5000
  const started = Date.now()
  let lastError: unknown
  for (;;) {
    const abort = options.abortIf?.()
    if (abort) throw abort
    try {
      const value = predicate()
      if (value) return value
    } catch (error) {
      // e.g. the node is not there yet; keep polling, report it on timeout
      lastError = error
    }
    if (Date.now() - started > timeout) {
      const parts = [`waitFor timed out after ${timeout} ms${options.description ? `: ${options.description}` : ''}`]
      if (lastError) parts.push(`last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`)
      if (options.explain) parts.push(options.explain())
      throw new Error(parts.join('\n'))
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}

/** One turn of the event loop: lets queued microtasks and 0 ms timers run. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0))
}
