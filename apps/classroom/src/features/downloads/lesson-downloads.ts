// The app's one download manager (classroom-sdk's feature): a lesson's edition kept on the phone
// under USER_DATA_PATH, fetched in Range chunks that survive cuts and restarts, within WeChat's
// 200 MB. Only subpackage pages import this module (the manager and the file system adapter stay
// out of the main package); the home page reads the list through ./downloaded (storage only).
import type { LessonDetail, LessonEdition, LessonFile } from '@tianyuan/contracts/types'
import { createDownloadManager, defaultLocalFiles, type DownloadItem, type DownloadManager, type DownloadRecord } from '@tianyuan/sdk/downloads'
import { classroomStore, sdk } from '../../sdk'
import { lessonPath } from '../catalog/api'
import { mediaUrl } from '../player/plan'
import { DOWNLOADS_SCOPE, downloadId, type DownloadMeta } from './downloaded'

let manager: DownloadManager | undefined

/** Made on first use (not at import): a page that only shows sizes starts nothing. */
export function lessonDownloads(): DownloadManager {
  manager ??= createDownloadManager({
    platform: sdk.platform,
    files: defaultLocalFiles,
    store: classroomStore.scope(DOWNLOADS_SCOPE),
    network: sdk.api.network,
    // Signed URLs expire: the lesson asked again gives fresh ones, file by file in the same order.
    refreshFiles: async (record) => {
      const meta = record.meta as DownloadMeta | undefined
      if (!meta) return record.files
      const { lesson } = await sdk.api.get<{ lesson: LessonDetail }>(lessonPath(meta.lessonId))
      const edition = lesson.media?.editions.find((e) => e.kind === meta.kind)
      return edition ? edition.files.map((f) => ({ url: mediaUrl(API_BASE, f.url) ?? '', bytes: f.bytes, mime: f.mime })) : record.files
    },
  })
  return manager
}

/** A lesson's edition as a download: its files in the edition's order (names kept for the slides' manifest). */
export function editionDownload(lesson: Pick<LessonDetail, 'id' | 'courseId' | 'title' | 'courseTitle' | 'kind' | 'durationS'>, edition: LessonEdition): DownloadItem {
  const meta: DownloadMeta = {
    lessonId: lesson.id,
    courseId: lesson.courseId,
    kind: edition.kind,
    lessonKind: lesson.kind,
    durationS: lesson.durationS ?? undefined,
    courseTitle: lesson.courseTitle,
    names: edition.files.map((f) => f.name).join('/'),
    roles: edition.files.map((f) => f.role).join('/'),
    ...(edition.cues ? { cues: JSON.stringify(edition.cues) } : {}),
    lessonTitle: lesson.title,
  }
  return {
    id: downloadId(lesson.id, edition.kind),
    title: lesson.title,
    files: edition.files.map((f) => ({ url: mediaUrl(API_BASE, f.url) ?? '', bytes: f.bytes, mime: f.mime })),
    meta: meta as unknown as DownloadItem['meta'],
  }
}

/** name → local path of a finished download (the player reads only these offline). */
export function localFilesByName(record: DownloadRecord): Record<string, string> {
  const names = String((record.meta as DownloadMeta | undefined)?.names ?? '').split('/')
  return Object.fromEntries(record.localPaths.map((path, i) => [names[i] ?? String(i), path]))
}

/** A finished download as a lesson edition (local files, no URLs): the player needs nothing else offline. */
export function editionFromDownload(record: DownloadRecord): LessonEdition | undefined {
  const meta = record.meta as DownloadMeta | undefined
  if (!meta || record.status !== 'done') return undefined
  const names = meta.names.split('/')
  const roles = meta.roles.split('/') as LessonFile['role'][]
  let cues: LessonEdition['cues']
  try {
    cues = meta.cues ? (JSON.parse(meta.cues) as LessonEdition['cues']) : undefined
  } catch {
    cues = undefined
  }
  return {
    kind: meta.kind,
    bytes: record.totalBytes,
    kbps: 0,
    files: record.files.map((f, i) => ({ name: names[i] ?? String(i), role: roles[i] ?? 'audio', bytes: f.bytes, sha256: '', mime: f.mime ?? '' })),
    cues,
  }
}
