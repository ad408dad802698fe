// The teacher's workbench (subpackage `teacher`), as 我的 (main package) links it: one plain string,
// so the main package takes none of the workbench's code (the other pages' URLs are in ./urls).
export const teacherCoursesUrl = '/teacher/pages/courses/index'
