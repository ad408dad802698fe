// For lesson-media: `isTeacher(db, userId)` says whether a user may upload lesson originals (a row in
// classroom_teachers with that user_id — the default of lesson-media's canUpload). Certificates and
// questions (migration 0012) build on `courseCompletedBy(db, userId, courseId)` and `accessOf`.
export { classroomRoutes, type ClassroomRouteDeps } from './routes'
export { classroomDb, type ClassroomDb, type ClassroomTables } from './schema'
export { DEFAULT_CLASSROOM_HOLD_MS, type ClassroomDeps } from './shared'
export { CLASSROOM_COURSE_KIND, registerClassroomPayable, startDueRefunds, sweepClassroomPurchases } from './payable'
export { createTeacher, isTeacher } from './teacher'
export { courseCompletedBy, courseProgressOf } from './progress'
export { accessOf, coursesWithTeacher } from './views'
export { searchColumns, pinyinOf, initialsOf, normaliseText } from './search'
