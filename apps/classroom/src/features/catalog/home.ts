// The home page's request, apart from ./hooks (the learner's pages', subpackage `pkg`) so the main
// package carries only this one.
import type { HomeResponse } from '@tianyuan/contracts/types'
import { useQuery } from '@tianyuan/sdk/react'
import { HOME_PATH } from './api'

/**
 * The home page's one request: topics with counts, the newest courses and (signed in) where the
 * viewer stopped — the stored copy at once, then the server's (the first screen on 2G is the
 * stored copy, never a spinner).
 */
export function useHome() {
  return useQuery<HomeResponse>(HOME_PATH)
}
