import type { MyCoursesResponse } from '@tianyuan/contracts/types'
import { useQuery } from '@tianyuan/sdk/react'
import { MY_COURSES_PATH } from './api'

/** My enrolled and bought courses with progress, the latest active first. */
export function useMyCourses(enabled = true) {
  return useQuery<MyCoursesResponse>(MY_COURSES_PATH, { enabled })
}
