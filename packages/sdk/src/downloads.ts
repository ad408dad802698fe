// @tianyuan/sdk/downloads: files kept on the phone for offline use (a lesson's edition), fetched
// in Range chunks that survive cuts and restarts, within WeChat's 200 MB; and the host's audio
// players (BackgroundAudioManager / InnerAudioContext). An entry of its own: only the player and
// downloads pages (a subpackage) use it, so no main package carries it.
import { h5LocalFiles } from './platform/h5-files'
import { taroAudio } from './platform/taro-audio'
import { taroLocalFiles } from './platform/taro-files'
import type { AudioHost, LocalFiles } from './platform/types'

export {
  createDownloadManager,
  formatMegabytes,
  DOWNLOAD_CHUNK_BYTES,
  type DownloadCheck,
  type DownloadFileSpec,
  type DownloadItem,
  type DownloadManager,
  type DownloadManagerOptions,
  type DownloadRecord,
  type DownloadStatus,
  type StorageUsage,
} from './downloads/download-manager'
export { LOCAL_FILES_LIMIT_BYTES } from './platform/types'
export type { AudioHost, AudioPlayer, AudioPlayerEvent, AudioTrack, FileStat, LocalFiles } from './platform/types'
export { pickLessonEdition, describeEdition, EDITION_ORDER, type LessonEditionKind } from './media/edition'

// Replaced by Taro's DefinePlugin at build time.
declare const process: { env: { TARO_ENV?: string } }

/** The phone's files: FileSystemManager on weapp; in the H5 preview reading only (keeping files says unsupported). */
export const defaultLocalFiles: LocalFiles = process.env.TARO_ENV === 'h5' ? h5LocalFiles : taroLocalFiles
/** BackgroundAudioManager and InnerAudioContext through Taro (weapp and H5). */
export const defaultAudio: AudioHost = taroAudio
