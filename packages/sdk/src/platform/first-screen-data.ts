import type { HttpRequest, HttpResponse, Transfer } from './types'

/**
 * H5: where the page's early first-screen answers wait, keyed by absolute URL. On a first visit
 * to the home page the HTML's inline script (tools/taro-config/first-screen-hints.js) fetches the
 * home page's GETs while the app's code is still loading; on 2G that saves the round trip the
 * page would otherwise start only after its code has run.
 */
export const FIRST_SCREEN_DATA_GLOBAL = '__tyFirstScreenData'

type EarlyAnswer = Promise<HttpResponse>

function waiting(): Record<string, EarlyAnswer> | undefined {
  const found = (globalThis as Record<string, unknown>)[FIRST_SCREEN_DATA_GLOBAL]
  return found && typeof found === 'object' ? (found as Record<string, EarlyAnswer>) : undefined
}

/**
 * The early answer for this request, handed over once; undefined unless the request is exactly
 * what the page sent: a GET of the same URL with no header but `accept: application/json` (a
 * signed-in request or a revalidation with If-None-Match is the SDK's own to send).
 */
export function takeFirstScreenData(req: HttpRequest): EarlyAnswer | undefined {
  const answers = waiting()
  if (!answers || req.method !== 'GET' || typeof location === 'undefined') return undefined
  const names = Object.keys(req.headers).map((n) => n.toLowerCase())
  if (names.length !== 1 || names[0] !== 'accept' || Object.values(req.headers)[0] !== 'application/json') return undefined
  const url = new URL(req.url, location.href).href
  const answer = answers[url]
  if (!answer) return undefined
  delete answers[url]
  return answer
}

/**
 * `platform.request` that first looks for an early answer: the early fetch's response when there
 * is one, else (or when that fetch failed: the page may have gone offline meanwhile) `send(req)`.
 */
export function withFirstScreenData(send: (req: HttpRequest) => Transfer<HttpResponse>): (req: HttpRequest) => Transfer<HttpResponse> {
  return (req) => {
    const early = takeFirstScreenData(req)
    if (!early) return send(req)
    let fallback: Transfer<HttpResponse> | undefined
    let aborted = false
    const result = early.then(
      (response) => response,
      () => {
        if (aborted) throw new Error('aborted')
        fallback = send(req)
        return fallback.result
      },
    )
    // The early fetch cannot be cancelled (the page holds no handle on it); the SDK's own timer
    // still ends the attempt, and a fallback already sent is aborted.
    return { result, abort: () => ((aborted = true), fallback?.abort()) }
  }
}
