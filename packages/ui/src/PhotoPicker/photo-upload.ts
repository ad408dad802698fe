// Photos taken or picked on the phone, compressed for the link and uploaded with progress
// through the SDK's uploadPhoto: a dropped connection is retried with the same
// Idempotency-Key (never a second photo), and a failed photo keeps that key so 重试 resumes it.
import Taro from '@tarojs/taro'
import { isSdkError, type CancelSignal, type Sdk } from '@tianyuan/sdk'
import { uploadPhoto, type UploadProgress } from '@tianyuan/sdk/upload'

/**
 * A photo on the server: the first four fields of the media API's answer. Written out rather
 * than imported so that every app's own photo type fits (MarketPhoto, ClinicPhoto, …).
 */
export interface Photo {
  id: string
  width: number
  height: number
  thumbhash: string
}

export type PhotoSlotState = 'uploading' | 'done' | 'failed'

export interface PhotoSlot {
  /** Names the slot for its whole life (React key, updates): unique even if one file is chosen twice. */
  key: string
  /** The phone's file; none for a photo restored from a draft (it is on the server already). */
  path?: string
  state: PhotoSlotState
  /** 0–100 while uploading. */
  percent: number
  /** The photo on the server, once done. */
  media?: Photo
  /** The zh-CN reason, when failed. */
  error?: string
  /** The failed upload's key: 重试 sends the same one, so a photo the server kept is not stored twice. */
  idempotencyKey?: string
}

/** Said when an upload fails without the SDK's own words. */
export const UPLOAD_FAILED_MESSAGE = '照片没有传上去，请再试一次'

/** The camera or the album; paths of up to `max` photos chosen (none when the user backs out). */
export async function choosePhotos(max: number): Promise<string[]> {
  if (max <= 0) return []
  try {
    const { tempFilePaths } = await Taro.chooseImage({ count: max, sizeType: ['original'], sourceType: ['camera', 'album'] })
    // An album may hand back more than asked on some hosts; the count is the rule.
    return tempFilePaths.slice(0, max)
  } catch {
    return [] // cancelled: WeChat rejects with chooseImage:fail cancel
  }
}

/** Progress in whole percent; compressing counts as 0 (nothing has travelled yet). */
export function percentOf(p: UploadProgress): number {
  if (p.phase === 'compressing' || p.totalBytes === 0) return 0
  return Math.min(100, Math.round((p.sentBytes / p.totalBytes) * 100))
}

export interface UploadContext {
  /** The app's SDK (useSdk()): its platform, network and session. */
  sdk: Pick<Sdk, 'platform' | 'api' | 'auth'>
  /** The API's origin; the photo goes to `${baseUrl}/api/media`. */
  baseUrl: string
  cancel?: CancelSignal
}

/** Uploads one slot's file, reporting progress; resolves with the finished slot (done or failed), never throws. */
export async function uploadSlot(slot: PhotoSlot, { sdk, baseUrl, cancel }: UploadContext, onProgress: (percent: number) => void): Promise<PhotoSlot> {
  if (!slot.path) return slot // restored from a draft: nothing to send
  try {
    const media = await uploadPhoto(slot.path, {
      platform: sdk.platform,
      baseUrl,
      network: sdk.api.network,
      authHeaders: () => sdk.auth.authHeaders(),
      onUnauthorized: (sent) => sdk.auth.onUnauthorized(sent),
      onProgress: (p) => onProgress(percentOf(p)),
      idempotencyKey: slot.idempotencyKey,
      cancel,
    })
    // The four fields only: the apps' photo types are strict objects in the contracts, and a
    // saved draft keeps whatever it is given.
    const { id, width, height, thumbhash } = media
    return { ...slot, state: 'done', percent: 100, media: { id, width, height, thumbhash }, error: undefined }
  } catch (error) {
    return {
      ...slot,
      state: 'failed',
      error: isSdkError(error) ? error.userMessage : UPLOAD_FAILED_MESSAGE,
      idempotencyKey: (isSdkError(error) ? error.idempotencyKey : undefined) ?? slot.idempotencyKey,
    }
  }
}
