// A learner's account and the teacher's workbench: 我的 offers none, and opening it anyway says the
// account is not a teacher's (the API's 403 NOT_A_TEACHER), with nothing to create. Its own file:
// the simulator keeps one signed-in SDK per test file.
import { startClassroomApi, type ClassroomApi } from '../support/classroom-api'
import { launchClassroom, signInIfAsked } from '../support/phone'

const COURSES = 'teacher/pages/courses/index'

let api: ClassroomApi
beforeAll(async () => {
  api = await startClassroomApi()
}, 60_000)
afterAll(() => api.close())

test('a learner’s account has no workbench in 我的, and opening it says it is not a teacher’s', async () => {
  const sim = await launchClassroom(api, { url: '/pages/mine/index' })
  const mine = sim.page
  await signInIfAsked(mine, '#my-courses-empty')
  await mine.waitFor(() => mine.has('#my-courses-empty'))
  expect(mine.has('#teacher-workbench')).toBe(false)
  const workbench = await sim.navigateTo(`/${COURSES}`)
  await workbench.waitForText('这个账号不是讲师账号')
  expect(workbench.has('#new-course')).toBe(false)
  expect(sim.errors).toEqual([])
}, 60_000)
