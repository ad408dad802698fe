// Certificates of completed courses (apps/api modules/classroom/certificates.ts): the learner's
// own, asked for once a course is completed; its image is a PNG below the API's origin.
import type { Certificate, CertificateResponse } from '@tianyuan/contracts/types'
import { sdk } from '../../sdk'
import { coursePath } from '../catalog/api'

export const certificatePath = (courseId: string) => `${coursePath(courseId)}/certificate`
export const certificateUrl = (courseId: string) => `/pkg/pages/certificate/index?course=${encodeURIComponent(courseId)}`

/**
 * Issues the certificate (or answers the one already issued: the API keeps one per learner and
 * course). `name` is printed on it; without it the WeChat nickname is. Not queued offline: the
 * learner waits for the picture.
 */
export async function issueCertificate(courseId: string, name: string): Promise<Certificate> {
  const result = await sdk.api.mutate<CertificateResponse>({ method: 'POST', path: certificatePath(courseId), body: name.trim() ? { name: name.trim() } : {}, label: '领取证书' })
  return result.data.certificate
}

/** The image's address: the API gives a path (like lesson media), the app puts its origin in front. */
export function certificateImageUrl(origin: string, certificate: Pick<Certificate, 'imageUrl'>): string {
  return /^https?:\/\//.test(certificate.imageUrl) ? certificate.imageUrl : `${origin.replace(/\/+$/, '')}${certificate.imageUrl}`
}
