// A lesson's original (a video or a recording) from the teacher's phone to the server: picked
// (WeChat's album/camera or a chat file; a file input in the H5 preview), then sent with the SDK's
// resumable tus client — a dropped link continues from the server's offset, even after a restart,
// and the same file is never stored twice. Only the teacher subpackage imports this.
import Taro from '@tarojs/taro'
import { createCanceller } from '@tianyuan/sdk'
import { defaultLocalFiles, uploadResumable, type ResumableProgress } from '@tianyuan/sdk/resumable-upload'
import { classroomStore, sdk } from '../../sdk'

/** The lesson-media module's tus endpoint (`LESSON_UPLOAD_PATH` in the contracts; written out: no zod in the bundle). */
const UPLOADS_PATH = '/api/classroom/uploads'

/** A file picked on the phone, before it is sent. */
export interface PickedMedia {
  /** A temp path on weapp, a `blob:` URL in the preview. */
  path: string
  name: string
  bytes: number
  mime: string
}

/** Opens WeChat's picker: the album or camera for a video, a file from a chat for a recording (WeChat has no audio picker). */
export async function pickMedia(kind: 'video' | 'audio'): Promise<PickedMedia | undefined> {
  try {
    if (kind === 'video') {
      const { tempFiles } = await Taro.chooseMedia({ count: 1, mediaType: ['video'], sourceType: ['album', 'camera'], maxDuration: 60 })
      const file = tempFiles[0]
      if (!file) return undefined
      return { path: file.tempFilePath, name: file.tempFilePath.split('/').pop() ?? 'lesson.mp4', bytes: file.size, mime: 'video/mp4' }
    }
    const { tempFiles } = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['m4a', 'mp3', 'aac', 'wav', 'amr'] })
    const file = tempFiles[0]
    if (!file) return undefined
    return { path: file.path, name: file.name, bytes: file.size, mime: `audio/${file.name.split('.').pop() ?? 'mpeg'}` }
  } catch (error) {
    // Closing the picker is not a failure.
    if (/cancel/i.test(String((error as { errMsg?: string }).errMsg ?? error))) return undefined
    throw error
  }
}

/** A file chosen in the H5 preview's file input, as the upload reads it (a blob: URL sliced a chunk at a time). */
export function pickedFromFile(file: { name: string; size: number; type: string }, blobUrl: string): PickedMedia {
  return { path: blobUrl, name: file.name, bytes: file.size, mime: file.type || 'application/octet-stream' }
}

export interface MediaUpload {
  /** Resolves with the upload's id (what CreateLessonRequest's `uploadId` takes). */
  done: Promise<string>
  cancel(): void
}

/** Sends the picked file (or continues an earlier, cut-off upload of the same file). */
export function uploadMedia(file: PickedMedia, onProgress: (p: ResumableProgress) => void): MediaUpload {
  const canceller = createCanceller()
  const done = uploadResumable({
    platform: sdk.platform,
    files: defaultLocalFiles,
    endpoint: `${API_BASE}${UPLOADS_PATH}`,
    filePath: file.path,
    metadata: { filename: file.name, filetype: file.mime },
    store: classroomStore.scope('uploads'),
    network: sdk.api.network,
    authHeaders: () => sdk.auth.authHeaders(),
    onUnauthorized: (sent) => sdk.auth.onUnauthorized(sent),
    onProgress,
    cancel: canceller.signal,
  }).then((r) => r.uploadUrl.replace(/\/+$/, '').split('/').pop() ?? '')
  return { done, cancel: canceller.cancel }
}
