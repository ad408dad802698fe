import type { MyCoursesResponse } from '@tianyuan/contracts/types'
import { useQuery } from '@tianyuan/sdk/react'

// Here, not in api.ts: the mine page (main package) lists my courses; enrolling and buying are the
// course page's (subpackage), so api.ts stays out of the main package.
export const MY_COURSES_PATH = '/classroom/my/courses'

/** My enrolled and bought courses with progress, the latest active first. */
export function useMyCourses(enabled = true) {
  return useQuery<MyCoursesResponse>(MY_COURSES_PATH, { enabled })
}
