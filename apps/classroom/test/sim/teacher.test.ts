// The teacher's workbench on the compiled weapp against the real API: 我的 shows 讲师工作台 only
// to a teacher (GET /api/me roles) → my courses → a new course (validation before sending) → a
// 图文 lesson with a photo taken on the phone → its paragraphs and photo on the server → publish,
// and a learner sees the course. A learner's account is told it is not a teacher's.
import fs from 'node:fs'
import path from 'node:path'
import { startClassroomApi, type ClassroomApi } from '../support/classroom-api'
import { TEACHER_USER } from '../support/fixture'
import { launchClassroom, LEARNER_USER } from '../support/phone'

const COURSES = 'teacher/pages/courses/index'
const COURSE_EDIT = 'teacher/pages/course-edit/index'
const LESSON_EDIT = 'teacher/pages/lesson-edit/index'
const PHOTO = path.resolve(__dirname, '../../../api/src/seed/photos/chelsea.jpg')
const CAMERA_FILE = 'wxfile://tmp/camera-0001.jpg'

type WxOptions = Record<string, unknown> & { success?: (r: unknown) => void }

let api: ClassroomApi
beforeAll(async () => {
  api = await startClassroomApi()
}, 60_000)
afterAll(() => api.close())

test('a teacher creates a course and writes a 图文 lesson with a photo, then publishes it', async () => {
  const sim = await launchClassroom(api, { url: '/pages/mine/index', user: TEACHER_USER })
  sim.wx.files.set(CAMERA_FILE, new Uint8Array(fs.readFileSync(PHOTO)))
  sim.wx.provide('chooseImage', (opts?: WxOptions) => opts?.success?.({ errMsg: 'chooseImage:ok', tempFilePaths: [CAMERA_FILE], tempFiles: [{ path: CAMERA_FILE, size: fs.statSync(PHOTO).size }] }))
  sim.wx.provide('getImageInfo', (opts?: WxOptions) => opts?.success?.({ errMsg: 'getImageInfo:ok', width: 451, height: 300, path: opts.src, type: 'jpeg', orientation: 'up' }))

  const mine = sim.page
  // the button may come a setData after the page's first (Preact): tap it once it is there
  await mine.waitFor(() => mine.has('#sign-in-button'))
  await mine.tap('#sign-in-button')
  await mine.waitFor(() => mine.has('#teacher-workbench'), { timeout: 15_000 })
  await mine.tap('#teacher-workbench')

  const workbench = await sim.waitForPage(COURSES)
  await workbench.waitFor(() => workbench.has(`#teacher-course-${api.courses.paid.id}`), { timeout: 15_000 })
  expect(workbench.text(`#teacher-course-${api.courses.paid.id}`)).toMatch(/生猪常见病预防.*已发布.*养殖 · 3 节课/)
  await workbench.tap('#new-course')

  const form = await sim.waitForPage(COURSE_EDIT)
  await form.waitFor(() => form.has('#save-course'))
  await form.tap('#save-course')
  await form.waitForText('请选一个分类')
  expect(form.text()).toContain('请填写课程名称')
  const posts = (p: RegExp) => sim.wx.requests.filter((r) => r.method === 'POST' && p.test(new URL(r.url).pathname))
  expect(posts(/\/api\/classroom\/teacher\/courses$/)).toHaveLength(0)

  await form.type('#course-title', '小麦冬前管理')
  await form.tap('#course-topic-planting')
  await form.type('#course-intro', '小麦越冬前浇冻水、镇压、化学除草，保苗安全越冬。')
  await form.type('#course-price', '9.9')
  await form.tap('#save-course')

  // The new course's page replaces the form (redirectTo: 返回 goes to the workbench, not the empty form).
  await form.waitFor(() => form.unloaded, { timeout: 15_000 })
  const course = await sim.waitForPage(COURSE_EDIT)
  await course.waitForText('现在是：草稿', { selector: '#course-status', timeout: 15_000 })
  const courseId = course.query.id!
  expect(posts(/\/api\/classroom\/teacher\/courses$/)).toHaveLength(1)
  expect(course.text('#publish-course')).toBe('先加一节课再发布')
  await course.tap('#add-article')

  const lessonForm = await sim.waitForPage(LESSON_EDIT)
  await lessonForm.waitFor(() => lessonForm.has('#save-lesson'))
  await lessonForm.tap('#save-lesson')
  await lessonForm.waitForText('请填写课时标题')
  await lessonForm.type('#lesson-title', '冬前浇冻水')
  await lessonForm.type('#article-text', '日平均气温降到 3 度左右时浇冻水，夜冻昼消最好。\n\n  浇水量每亩 40 方左右，浇后及时划锄保墒。  ')
  await lessonForm.tap('#add-photos')
  await lessonForm.waitForText('第 1 张：已上传', { selector: '#photo-0-state', timeout: 20_000 })
  await lessonForm.tap('#lesson-trial')
  await lessonForm.waitFor(() => lessonForm.text('#lesson-trial').startsWith('☑'))
  await lessonForm.tap('#save-lesson')

  await lessonForm.waitFor(() => lessonForm.unloaded, { timeout: 15_000 })
  const lesson = await sim.waitForPage(LESSON_EDIT)
  await lesson.waitForText('2 段文字，1 张照片', { selector: '#lesson-blocks', timeout: 15_000 })
  expect(lesson.text('#lesson')).toMatch(/图文 · .* · 试看课/)
  expect(lesson.text('#toggle-trial')).toBe('不做试看课了')
  await lesson.tap('#back-to-course')

  await lesson.waitFor(() => lesson.unloaded)
  const again = await sim.waitForPage(COURSE_EDIT)
  await again.waitFor(() => again.has('#publish-course') && again.text('#publish-course') !== '先加一节课再发布')
  expect(again.text('#course-lessons')).toMatch(/1\. 冬前浇冻水.*图文.*试看/)
  await again.tap('#publish-course')
  await again.waitForText('现在是：已发布', { selector: '#course-status', timeout: 15_000 })

  const { course: saved, lessons } = await api.teacherCourse(TEACHER_USER, courseId)
  expect(saved).toMatchObject({ title: '小麦冬前管理', topic: 'planting', priceFen: 990, status: 'published' })
  expect(lessons).toHaveLength(1)
  expect(lessons[0]).toMatchObject({ kind: 'article', title: '冬前浇冻水', trial: true })
  expect(lessons[0]!.blocks!.map((b) => b.type)).toEqual(['text', 'text', 'photo'])
  expect(lessons[0]!.blocks![1]).toEqual({ type: 'text', text: '浇水量每亩 40 方左右，浇后及时划锄保墒。' })
  // A learner finds it: published, paid, its 图文 lesson a trial.
  const seen = await api.courseAs(LEARNER_USER, courseId)
  expect(seen).toMatchObject({ title: '小麦冬前管理', free: false, trialCount: 1, access: 'trial_only' })
  expect(sim.errors).toEqual([])
}, 90_000)
