// Where the teacher's pages are (subpackage `teacher`), for the teacher's own pages. 我的 (main
// package) links only the workbench, from ./workbench-url (one string, none of these helpers).
const q = (page: string, params: Record<string, string | undefined>) => {
  const pairs = Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]))
  return pairs.length ? `${page}?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : page
}

/** A new course (no id) or an existing one with its lessons. */
export const courseEditUrl = (id?: string) => q('/teacher/pages/course-edit/index', { id })
/** A new lesson of a course (`course` and `kind`), or an existing lesson (`id`). */
export const lessonEditUrl = (params: { course?: string; kind?: 'video' | 'audio' | 'article'; id?: string }) => q('/teacher/pages/lesson-edit/index', params)
export const learnersUrl = (courseId: string) => q('/teacher/pages/progress/index', { course: courseId })
export const teacherQuestionsUrl = '/teacher/pages/questions/index'
