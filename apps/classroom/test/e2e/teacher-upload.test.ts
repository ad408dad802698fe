// A teacher uploads a lesson in Chromium on the H5 build: a small clip generated here with ffmpeg,
// chosen in the file input, sent with the tus protocol (POST then PATCH at the server's offset),
// then the lesson's processing state and progress from the server until it is ready, with each
// edition's size. The teacher is the demo teacher 王振华 (the sandbox user of that name).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { actAsSandboxUser, e2eTest, field, shot } from '@tianyuan/e2e'

const TEACHER = '王振华'

/** 4 s of test picture and a tone: small (tens of KB), real H.264 + AAC, as a phone's clip would be. */
function makeClip(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'classroom-e2e-clip-'))
  const file = path.join(dir, '看苗情.mp4')
  execFileSync(process.env.FFMPEG_PATH ?? 'ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=15', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100', '-t', '4', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file])
  return file
}

e2eTest(
  'a teacher uploads a video lesson: tus upload with progress, then 正在处理 with progress until 可以播放 with each edition’s size',
  async (t) => {
    const clip = makeClip()
    await actAsSandboxUser(t, TEACHER)
    await t.openApp('classroom', 'teacher/pages/courses/index')
    await t.page.locator('#sign-in-button').click()
    const card = t.page.locator('[id^="teacher-course-"]').filter({ hasText: '玉米种植与高产栽培' })
    await card.waitFor()
    await shot(t, 'classroom-teacher-1-courses')

    await card.locator('[id^="edit-course-"]').click()
    await t.page.locator('#add-video').click()
    await field(t, 'lesson-title').waitFor()
    await field(t, 'lesson-title').fill('看苗情：出苗后查苗补苗')
    await t.page.locator('#media-input').setInputFiles(clip)
    await t.page.locator('#upload-progress').filter({ hasText: '上传完了' }).waitFor({ timeout: 30_000 })
    await shot(t, 'classroom-teacher-2-uploaded')

    await t.page.locator('#save-lesson').click()
    const state = t.page.locator('#media-state')
    await state.filter({ hasText: /正在处理|可以播放/ }).waitFor({ timeout: 20_000 })
    await shot(t, 'classroom-teacher-3-processing')
    await state.filter({ hasText: '可以播放' }).waitFor({ timeout: 150_000 })
    await t.page.locator('#media-editions').filter({ hasText: /只听声音 \d+ KB/ }).waitFor()
    await shot(t, 'classroom-teacher-4-ready')

    // The tus protocol as the server saw it: a creation (201) and the bytes PATCHed (204), once.
    const uploads = t.responses.filter((r) => new URL(r.url).pathname.startsWith('/api/classroom/uploads'))
    expect(uploads.some((r) => r.status === 201)).toBe(true)
    expect(uploads.filter((r) => r.status === 204).length).toBeGreaterThanOrEqual(1)
    expect(uploads.filter((r) => r.status >= 400)).toEqual([])
  },
  { timeoutMs: 240_000 },
)
