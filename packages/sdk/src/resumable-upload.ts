// @tianyuan/sdk/resumable-upload: a tus 1.0 client for large originals (a teacher's lesson
// video), read from the phone a chunk at a time. An entry of its own: only the teacher's
// subpackage uploads, so no main package carries it.
import { h5LocalFiles } from './platform/h5-files'
import { taroLocalFiles } from './platform/taro-files'
import type { LocalFiles } from './platform/types'

export {
  uploadResumable,
  forgetResumableUpload,
  defaultFingerprint,
  encodeUploadMetadata,
  resolveLocation,
  TUS_CHUNK_BYTES,
  TUS_OFFLINE_WAIT_MS,
  TUS_VERSION,
  type ResumableProgress,
  type ResumableUploadOptions,
  type ResumableUploadResult,
} from './resumable/tus'

// Replaced by Taro's DefinePlugin at build time.
declare const process: { env: { TARO_ENV?: string } }

/** The phone's files: FileSystemManager on weapp, a chosen File's slices in the H5 preview. */
export const defaultLocalFiles: LocalFiles = process.env.TARO_ENV === 'h5' ? h5LocalFiles : taroLocalFiles
