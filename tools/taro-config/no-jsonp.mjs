// H5 only: stands in for `jsonp-retry` (5 KB in every app's first chunk), which Taro's H5
// `request` imports for `Taro.request({ jsonp: true })` alone. No app makes JSONP requests (the
// API is on the same origin and answers JSON); one that tried would get this error, not a silent failure.
export default function jsonpRetry() {
  return Promise.reject(new Error('JSONP is not available in the Tianyuan H5 build (tools/taro-config/no-jsonp.mjs)'))
}
