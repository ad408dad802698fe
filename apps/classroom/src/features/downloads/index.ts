// Downloads for offline use (classroom-sdk's feature).
//
// For other pages:
// - `useDownloadedLessons()` → { lessons: DownloadRecord[], loaded }: finished downloads, newest
//   first, read from storage only (safe for the home page in the main package). `record.title`, and
//   `record.meta` as DownloadMeta: { lessonId, courseId, kind, lessonKind, durationS, courseTitle }.
//   Open one with `lessonUrl(meta.lessonId)`: the player plays it from the phone, nothing fetched.
// - `downloadsUrl` (features/catalog/api) opens the downloads page (pause, resume, delete, space).
// Subpackage pages only (these pull the download manager):
// - `lessonDownloads()` the one manager; `editionDownload(lesson, edition)` → DownloadItem;
//   `useDownloads()`, `useDownload(id)`, `localFilesByName(record)`.
export { useDownloadedLessons, storedDownloads, downloadId, DOWNLOADS_SCOPE, type DownloadMeta } from './downloaded'
