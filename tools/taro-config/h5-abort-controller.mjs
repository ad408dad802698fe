// H5 only: stands in for `abortcontroller-polyfill-only` (6.9 KB raw, ≈ 2.3 KB br of every app's
// first chunk), which Taro's H5 `request` imports because it calls `new AbortController()` for
// every request's timeout. Every browser that runs the H5 build has AbortController except
// Chrome 55–65 (tools/taro-config's H5_TARGETS); there the polyfill only gave Taro an object to
// call `abort()` on — fetch in those browsers ignores a signal, the polyfill's or this one's. So
// where it is missing, this defines the same small object (aborted, reason, onabort, abort
// listeners); where it exists, it does nothing.
const scope = typeof self !== 'undefined' ? self : globalThis

if (typeof scope.AbortController !== 'function') {
  class AbortSignal {
    constructor() {
      this.aborted = false
      this.reason = undefined
      this.onabort = null
      this.listeners = []
    }
    addEventListener(type, listener) {
      if (type === 'abort' && listener && !this.listeners.includes(listener)) this.listeners.push(listener)
    }
    removeEventListener(type, listener) {
      if (type === 'abort') this.listeners = this.listeners.filter((l) => l !== listener)
    }
    dispatchEvent(event) {
      if (event.type !== 'abort') return true
      if (typeof this.onabort === 'function') this.onabort.call(this, event)
      for (const listener of this.listeners.slice()) (typeof listener === 'function' ? listener : listener.handleEvent).call(this, event)
      return true
    }
  }
  class AbortController {
    constructor() {
      this.signal = new AbortSignal()
    }
    abort(reason) {
      const signal = this.signal
      if (signal.aborted) return
      signal.aborted = true
      signal.reason = reason === undefined ? Object.assign(new Error('signal is aborted without reason'), { name: 'AbortError' }) : reason
      signal.dispatchEvent({ type: 'abort', target: signal })
    }
  }
  scope.AbortController = AbortController
  scope.AbortSignal = AbortSignal
}
