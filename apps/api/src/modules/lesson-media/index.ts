// 田间课堂's lesson media: teachers' resumable uploads (tus), durable transcodes (ffmpeg) into
// editions for every link, and signed, immutable, range-served files. See README.md.
export { createLessonMedia, lessonMediaDirs, type LessonMediaInternals } from './service'
export { lessonMediaRoutes } from './routes'
export type { LessonMediaService, LessonMediaDeps, AttachUploadInput, DescribeOptions, CanUpload } from './types'
