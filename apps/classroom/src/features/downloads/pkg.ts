// The download manager side, for subpackage pages (the player, the downloads page): see index.ts.
export { lessonDownloads, editionDownload, localFilesByName, editionFromDownload } from './lesson-downloads'
export { useDownloads, useDownload } from './hooks'
export * from './index'
export { DownloadRow } from './components/DownloadRow'
export { EditionDownloads } from './components/EditionDownloads'
