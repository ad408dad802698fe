import type { CertificateResponse } from '@tianyuan/contracts/types'
import { useQuery } from '@tianyuan/sdk/react'
import { certificatePath } from './api'

/** The learner's certificate of a course: 404 (`error.status`) until it is issued. */
export function useCertificate(courseId: string | undefined, enabled = true) {
  return useQuery<CertificateResponse>(certificatePath(courseId ?? ''), { enabled: enabled && Boolean(courseId) })
}
