// A teacher (王老师, a sandbox user made a teacher in the database: there is no API to become one)
// with one free published course: a video lesson whose original is a real clip made by ffmpeg,
// uploaded with the tus protocol and transcoded by the API into its editions (audio, the 2G slides
// edition, 240p, 360p), and a 图文 lesson. Runs inside serve-api.ts, beside the API.
//
// classroom-app: add fixtures of your own beside this one (and to ClassroomApiReady).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { signIn } from '@tianyuan/sim/sandbox'

export const MEDIA_TEACHER_USER = '王老师'

export interface ClassroomFixture {
  teacherToken: string
  courseId: string
  courseTitle: string
  /** A video lesson with every edition ready. */
  videoLessonId: string
  videoTitle: string
  /** Its length in seconds, as the API measured it. */
  durationS: number
  articleLessonId: string
}

/** Four 10-second scenes (three colours, then a test pattern) with a tone: hard cuts, so the 2G edition has several slides. */
function makeClip(dir: string): string {
  const file = path.join(dir, 'lesson.mp4')
  const ffmpeg = process.env.FFMPEG_PATH || 'ffmpeg'
  const scene = (source: string) => ['-f', 'lavfi', '-i', `${source}${source.endsWith('=') ? '' : ':'}s=640x360:r=25:d=10`]
  execFileSync(ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-y',
    ...scene('color=c=red'), ...scene('color=c=green'), ...scene('color=c=blue'), ...scene('testsrc='),
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100:duration=40',
    '-filter_complex', '[0:v][1:v][2:v][3:v]concat=n=4:v=1:a=0[v]', '-map', '[v]', '-map', '4:a',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-movflags', '+faststart', file,
  ])
  return file
}

export async function classroomFixture(origin: string, dir: string, makeTeacher: (userId: string) => Promise<void>): Promise<ClassroomFixture> {
  const teacherToken = await signIn(origin, MEDIA_TEACHER_USER)
  const auth = { authorization: `Bearer ${teacherToken}` }
  const call = async <T>(method: string, p: string, body?: unknown, status = 200): Promise<T> => {
    const res = await fetch(`${origin}/api${p}`, { method, headers: { ...auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
    const text = await res.text()
    if (res.status !== status) throw new Error(`${method} ${p}: ${res.status} ${text}`)
    return JSON.parse(text) as T
  }
  const me = await call<{ user: { id: string } }>('GET', '/me')
  await makeTeacher(me.user.id)

  const courseTitle = '玉米种植入门'
  const { course } = await call<{ course: { id: string } }>('POST', '/classroom/teacher/courses', { title: courseTitle, topic: 'planting', intro: '县农技站王老师讲玉米合理密植、播种和田间管理，每节十分钟。', priceFen: 0 }, 201)

  // The original, sent with tus as a phone would (in one PATCH: loopback does not drop).
  const bytes = fs.readFileSync(makeClip(dir))
  const meta = `filename ${Buffer.from('玉米合理密植.mp4').toString('base64')},filetype ${Buffer.from('video/mp4').toString('base64')}`
  const created = await fetch(`${origin}/api/classroom/uploads`, { method: 'POST', headers: { ...auth, 'tus-resumable': '1.0.0', 'upload-length': String(bytes.length), 'upload-metadata': meta } })
  const location = created.headers.get('location')
  if (created.status !== 201 || !location) throw new Error(`tus creation: ${created.status} ${await created.text()}`)
  const uploadUrl = new URL(location, origin).href
  const patched = await fetch(uploadUrl, { method: 'PATCH', headers: { ...auth, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: bytes })
  if (patched.status !== 204) throw new Error(`tus PATCH: ${patched.status} ${await patched.text()}`)
  const uploadId = uploadUrl.split('/').pop() as string

  const videoTitle = '玉米合理密植'
  const { lesson: video } = await call<{ lesson: { id: string } }>('POST', `/classroom/teacher/courses/${course.id}/lessons`, { kind: 'video', title: videoTitle, uploadId, trial: true }, 201)
  const article = await call<{ lesson: { id: string } }>(
    'POST',
    `/classroom/teacher/courses/${course.id}/lessons`,
    { kind: 'article', title: '播种前的准备', blocks: [{ type: 'text', text: '播种前要选好种子，晒种一到两天，能提高出苗率。' }] },
    201,
  )

  // Transcoding runs in the API's background job: wait until every edition is published.
  const deadline = Date.now() + 180_000
  let durationS: number
  for (;;) {
    const { lesson } = await call<{ lesson: { media: { state: string; error?: string; durationS?: number } | null } }>('GET', `/classroom/teacher/lessons/${video.id}`)
    if (lesson.media?.state === 'ready') {
      durationS = lesson.media.durationS ?? 0
      break
    }
    if (lesson.media?.state === 'failed') throw new Error(`transcode failed: ${lesson.media.error}`)
    if (Date.now() > deadline) throw new Error(`the lesson's media was not ready in 180 s (${lesson.media?.state})`)
    await new Promise((r) => setTimeout(r, 500))
  }
  await call('PATCH', `/classroom/teacher/courses/${course.id}`, { status: 'published' })
  return { teacherToken, courseId: course.id, courseTitle, videoLessonId: video.id, videoTitle, durationS, articleLessonId: article.lesson.id }
}
