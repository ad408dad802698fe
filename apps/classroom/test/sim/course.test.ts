// The learner's path on the compiled weapp against the real API (child process, temp SQLite, a
// teacher's two courses, the WeChat sandbox for login and payment): home → a topic → a paid
// course (lessons with kind and size, the trial open, the others locked with the reason) → sign
// in → two taps on 购买 → one purchase, one payment → the locked lesson opens. And search by
// Chinese (two characters too), pinyin and initials, matched on the server.
import { startClassroomApi, type ClassroomApi } from '../support/classroom-api'
import { launchClassroom, LEARNER_USER } from '../support/phone'

const SEARCH = 'pkg/pages/search/index'
const COURSE = 'pkg/pages/course/index'
const LESSON = 'pkg/pages/lesson/index'

let api: ClassroomApi
beforeAll(async () => {
  api = await startClassroomApi()
}, 60_000)
afterAll(() => api.close())

test('home → 养殖 → a paid course → trial open, the rest locked with why → buy once (two taps) → 已付款 → a locked lesson opens', async () => {
  const paid = api.courses.paid
  const [trial, locked] = paid.lessons
  const sim = await launchClassroom(api)
  const home = sim.page
  await home.waitFor(() => home.has(`#course-${paid.id}`))
  expect(home.text(`#course-${paid.id}`)).toMatch(/生猪常见病预防.*李农艺师.*洛川县农业技术推广站.*养殖 · 3 节课.*¥19\.90.*可试看 1 节/)
  expect(home.text(`#course-${api.courses.free.id}`)).toContain('免费')
  expect(home.text('#topic-livestock')).toContain('1 门课')
  await home.tap('#topic-livestock')

  const list = await sim.waitForPage(SEARCH)
  await list.waitFor(() => list.has(`#course-${paid.id}`))
  expect(list.has(`#course-${api.courses.free.id}`)).toBe(false)
  await list.tap(`#course-${paid.id}`)

  const course = await sim.waitForPage(COURSE)
  await course.waitForText('生猪常见病预防', { selector: '#course-title' })
  expect(course.text('#course-price')).toBe('¥19.90')
  expect(course.text(`#lesson-${trial!.id}`)).toContain('试看')
  expect(course.has(`#lesson-${trial!.id}-locked`)).toBe(false)
  expect(course.text(`#lesson-${locked!.id}-locked`)).toBe('🔒 购买课程后才能学（可以先看 1 节试看课）')
  // Kind, reading time and bytes before anyone spends them.
  expect(course.text(`#lesson-${locked!.id}-about`)).toMatch(/^图文 · 约 \d+ 秒读完 · 文字 \d+ (B|KB)，图片按屏幕大小加载$/)
  // A locked lesson is not a link: tapping it opens nothing.
  await course.tap(`#lesson-${locked!.id}-open`)
  expect(sim.routes.at(-1)).toBe(COURSE)

  await course.tap('#sign-in-button')
  await course.waitFor(() => course.has('#buy-course'))
  await course.tap('#buy-course')
  await course.tap('#buy-course')
  await course.waitForText('已付款', { selector: '#pay-status', timeout: 15_000 })
  // The page asks the server again: the course is bought, nothing is locked.
  await course.waitFor(() => !course.has(`#lesson-${locked!.id}-locked`) && !course.has('#buy'))
  expect(course.text('#course-access')).toContain('已购买')
  // …and the payment's outcome stays said where the buy card was (the refetch must not take it away).
  expect(course.text('#pay-status')).toBe('✓ 已付款，整门课都能学了，下载了没网也能看。')

  await course.tap(`#lesson-${locked!.id}-open`)
  const lesson = await sim.waitForPage(LESSON)
  expect(lesson.query).toMatchObject({ id: locked!.id })
  await lesson.waitForText(/仔猪拉黄白色稀粪/)

  const seen = await api.courseAs(LEARNER_USER, paid.id)
  expect(seen).toMatchObject({ access: 'purchased', enrolled: true, pendingPurchase: null })
  expect(seen.lessons.every((l) => !l.locked)).toBe(true)
  expect(sim.wx.requests.filter((r) => r.method === 'POST' && r.url.endsWith(`/api/classroom/courses/${paid.id}/purchase`))).toHaveLength(1)
  expect(sim.wx.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/payments'))).toHaveLength(1)
  expect((await api.myCourses(LEARNER_USER)).items.map((i) => i.course.id)).toContain(paid.id)
  expect(sim.errors).toEqual([])
}, 90_000)

test('search finds 玉米种植技术 from 玉米 (two characters), yumi (pinyin) and ymzz (initials)', async () => {
  const free = api.courses.free
  const sim = await launchClassroom(api)
  const home = sim.page
  await home.type('#search-input', 'yumi')
  await home.tap('#search')
  const search = await sim.waitForPage(SEARCH)
  await search.waitFor(() => search.has(`#course-${free.id}`))
  expect(search.has(`#course-${api.courses.paid.id}`)).toBe(false)

  for (const words of ['ymzz', '玉米']) {
    await search.type('#search-input', words)
    await search.tap('#search')
    await search.waitForText(`搜索“${words}”`)
    await search.waitFor(() => search.has(`#course-${free.id}`))
  }
  await search.type('#search-input', '拖拉机')
  await search.tap('#search')
  await search.waitForText('没有找到“拖拉机”')
  const asked = sim.wx.requests.filter((r) => r.url.includes('/api/classroom/search')).map((r) => new URL(r.url).searchParams.get('q'))
  expect(asked).toEqual(['yumi', 'ymzz', '玉米', '拖拉机'])
  expect(sim.errors).toEqual([])
}, 60_000)

test('home: the notice strip pins the urgent notice first, then 农技; a row opens the notice in the notices subpackage', async () => {
  const sim = await launchClassroom(api)
  const home = sim.page
  // apps/api's seedNotices: the village committee's cold-wave warning (urgent: every app), then 农技 (the extension station's wheat advice).
  await home.waitFor(() => home.has('#notice-strip-1'))
  expect(home.text('#notice-strip-0')).toMatch(/^紧急\s*寒潮蓝色预警/)
  expect(home.text('#notice-strip-1')).toMatch(/小麦冬前管理/)
  // Nothing of the other apps' topics (健康, 政策, 价格行情): one urgent and one 农技 notice are live.
  expect(home.has('#notice-strip-2')).toBe(false)
  expect(home.has('#notice-strip-all')).toBe(true)
  await home.tap('#notice-strip-0')
  const notice = await sim.waitForPage('notices/pages/detail/index')
  await notice.waitForText(/寒潮蓝色预警/, { selector: '#notice-title' })
  expect(notice.text('#notice-meta')).toContain('凤栖镇谷咀村村委会')
  expect(notice.text('#notice-text')).toContain('把树干涂白')
  await sim.navigateBack()
  expect(sim.errors).toEqual([])
}, 60_000)
