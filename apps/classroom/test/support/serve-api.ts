// Runs the real API for the classroom's simulator suites, in its own Node process (see
// @tianyuan/sim's child-server for why): temp SQLite (NODE_ENV=test: nothing seeded at start), the
// WeChat sandbox at /wechat-sandbox, then
// - the courses of fixture.ts (classroom-app's: 李农艺师's free and paid courses of 图文 lessons),
//   written through the teacher's endpoints and published;
// - with CLASSROOM_SIM_MEDIA=1 (the player and downloads suites: it takes a transcode), also
//   classroom-fixture.ts (classroom-sdk's: 王老师's course with a real clip uploaded by tus and
//   transcoded into every edition by lesson-media's ffmpeg job);
// - 通知到人's demo notices (apps/api's seedNotices), for the home page's notice strip.
// Announces ClassroomSimReady when ready; SIGTERM shuts it down and removes the data.
//
// Shared by classroom-app and classroom-sdk (both wrote here at the same minute; merged): add to it,
// keep what is here working.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { signIn } from '@tianyuan/sim/sandbox'
import { runChildServer } from '@tianyuan/sim/child-server'
import { classroomFixture, type ClassroomFixture } from './classroom-fixture'
import { FIXTURE, TEACHER_USER, type ClassroomApiReady, type FixtureCourse } from './fixture'

/** What this script uses of @tianyuan/api (typed here: see API_MODULE). */
interface ApiModule {
  loadConfig(env: Record<string, string>): unknown
  startServer(options: { config: unknown }): Promise<{ url: string; db: { kysely: unknown }; shutdown(): Promise<void> }>
  /** 通知到人's organisations and a live notice of every topic (one urgent): the home page's notice strip. */
  seedNotices(deps: { db: unknown; now: () => number }): Promise<{ notices: number }>
}
interface ClassroomModule {
  classroomDb(db: unknown): unknown
  createTeacher(db: unknown, t: { userId: string; name: string; org: string; intro: string }, now: number): Promise<string>
}

/** What the suites learn when the API is ready (classroom-api.ts reads it). */
export interface ClassroomSimReady extends ClassroomApiReady {
  /** Only with CLASSROOM_SIM_MEDIA=1. */
  media?: ClassroomFixture
}

// Loaded by name at run time, so that typechecking the app's tests does not typecheck the API's
// sources under the app's compiler settings (they differ: the API is checked by its own tsconfig).
const API_MODULE = '@tianyuan/api'
const CLASSROOM_MODULE = '@tianyuan/api/src/modules/classroom'

/** The user behind a sandbox name, made a teacher in the database (there is no API to become one). */
async function makeTeacher(origin: string, classroom: ClassroomModule, db: unknown, user: string, org: string): Promise<string> {
  const token = await signIn(origin, user)
  const me = (await (await fetch(`${origin}/api/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as { user: { id: string } }
  await classroom.createTeacher(db, { userId: me.user.id, name: user, org, intro: `${org}的${user}，常年在田间地头指导农户。` }, Date.now())
  return token
}

/** fixture.ts's courses, written as a teacher writes them and published. */
async function writeCourses(origin: string, token: string): Promise<ClassroomApiReady['courses']> {
  const call = async <T>(method: string, p: string, body: unknown, status: number): Promise<T> => {
    const res = await fetch(`${origin}/api${p}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const text = await res.text()
    if (res.status !== status) throw new Error(`${method} ${p}: ${res.status} ${text}`)
    return JSON.parse(text) as T
  }
  const courses = {} as ClassroomApiReady['courses']
  for (const [key, spec] of Object.entries(FIXTURE) as Array<[keyof typeof FIXTURE, (typeof FIXTURE)[keyof typeof FIXTURE]]>) {
    const { lessons, ...fields } = spec
    const { course } = await call<{ course: { id: string } }>('POST', '/classroom/teacher/courses', fields, 201)
    const made: FixtureCourse = { id: course.id, title: spec.title, lessons: [] }
    for (const lesson of lessons) {
      const { lesson: l } = await call<{ lesson: { id: string; title: string } }>('POST', `/classroom/teacher/courses/${course.id}/lessons`, lesson, 201)
      made.lessons.push({ id: l.id, title: l.title })
    }
    await call('PATCH', `/classroom/teacher/courses/${course.id}`, { status: 'published' }, 200)
    courses[key] = made
  }
  return courses
}

runChildServer(async () => {
  const api = (await import(API_MODULE)) as ApiModule
  const classroom = (await import(CLASSROOM_MODULE)) as ClassroomModule
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'classroom-sim-'))
  const removeData = () => fs.rmSync(dir, { recursive: true, force: true })
  try {
    const config = api.loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent' })
    const server = await api.startServer({ config })
    const url = server.url.replace(/\/+$/, '')
    const db = classroom.classroomDb(server.db.kysely)
    const courses = await writeCourses(url, await makeTeacher(url, classroom, db, TEACHER_USER, '洛川县农业技术推广站'))
    // The notices the home page's strip shows (an urgent cold-wave warning, the extension station's wheat advice).
    await api.seedNotices({ db: server.db.kysely, now: Date.now })
    const ready: ClassroomSimReady = { url, courses }
    if (process.env.CLASSROOM_SIM_MEDIA === '1') ready.media = await classroomFixture(url, dir, (userId) => classroom.createTeacher(db, { userId, name: '王老师', org: '县农技站', intro: '在农技站教了二十年玉米种植。' }, Date.now()).then(() => undefined))
    return { ready, shutdown: () => server.shutdown().finally(removeData) }
  } catch (error) {
    removeData()
    throw error
  }
})
