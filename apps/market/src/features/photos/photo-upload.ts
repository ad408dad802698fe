// Photos (a product's, an after-sale request's): taken or picked on the phone, compressed for the link, uploaded
// with progress; a dropped connection is retried by the SDK with the same Idempotency-Key
// (never a second photo), and a failed photo keeps that key so 重试 resumes it.
import Taro from '@tarojs/taro'
import type { MarketPhoto } from '@tianyuan/contracts/types'
import { isSdkError, uploadPhoto, type UploadProgress } from '@tianyuan/sdk'
import { sdk } from '../../sdk'

export interface PhotoSlot {
  /** The phone's file. */
  path: string
  state: 'uploading' | 'done' | 'failed'
  /** 0–100 while uploading. */
  percent: number
  media?: MarketPhoto
  error?: string
  idempotencyKey?: string
}

/** The camera or the album; paths of the photos chosen (none when the user backs out). */
export async function choosePhotos(max: number): Promise<string[]> {
  try {
    const { tempFilePaths } = await Taro.chooseImage({ count: max, sizeType: ['original'], sourceType: ['camera', 'album'] })
    return tempFilePaths
  } catch {
    return [] // cancelled
  }
}

export function percentOf(p: UploadProgress): number {
  if (p.phase === 'compressing' || p.totalBytes === 0) return 0
  return Math.min(100, Math.round((p.sentBytes / p.totalBytes) * 100))
}

/** Uploads one photo, reporting progress; resolves with the finished slot (done or failed). */
export async function uploadSlot(slot: PhotoSlot, onProgress: (percent: number) => void): Promise<PhotoSlot> {
  try {
    const media = await uploadPhoto(slot.path, {
      platform: sdk.platform,
      baseUrl: API_BASE,
      network: sdk.api.network,
      authHeaders: () => sdk.auth.authHeaders(),
      onUnauthorized: (sent) => sdk.auth.onUnauthorized(sent),
      onProgress: (p) => onProgress(percentOf(p)),
      idempotencyKey: slot.idempotencyKey,
    })
    return { ...slot, state: 'done', percent: 100, media: { id: media.id, width: media.width, height: media.height, thumbhash: media.thumbhash } }
  } catch (error) {
    return {
      ...slot,
      state: 'failed',
      error: isSdkError(error) ? error.userMessage : '照片没有传上去，请再试一次',
      idempotencyKey: isSdkError(error) ? (error.idempotencyKey ?? slot.idempotencyKey) : slot.idempotencyKey,
    }
  }
}
