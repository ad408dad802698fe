import type { Question } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { TestClock } from '../../testing/harness'
import { newCourse, newTeacher } from '../classroom/testing'
import { newPublisher, noticeBody, publish as publishNotice } from '../notices/testing'
import { REMINDER_JOBS } from './schedule'
import { remindersDb } from './schema'
import { call, inbox, json, sendsAtWechat, startWorld, subscribe, until, villager, type TestVillager, type World } from './testing'

/**
 * Two API instances on one database (the "each sent once even with several API instances on
 * one PostgreSQL"): both poll the scheduler every 50 ms and send through the one WeChat (the first
 * instance's sandbox). Every villager has TWO one-time grants, so a reminder sent twice would show
 * as a second message in their inbox — not be hidden by WeChat's 43101.
 */

const SUBSCRIBERS = 30
const LEARNERS = 10

describeEachDatabase('reminders with two API instances on one database', (fresh) => {
  let database: TestDatabase
  let a: World
  let b: World
  const clock = new TestClock(Date.now())

  beforeAll(async () => {
    database = await fresh()
    a = await startWorld(database, { clock, pollMs: 50 })
    b = await startWorld(database, { clock, pollMs: 50, wechatBase: a.wechatBase })
  })
  afterAll(async () => {
    // Either may be missing when a start failed; the other must still stop (its timers, its pool).
    await (b as World | undefined)?.close()
    await (a as World | undefined)?.close()
    await database.drop()
  })

  test(`${SUBSCRIBERS} urgent-notice subscribers and ${LEARNERS} answered questions: each reminder sent exactly once`, async () => {
    const subscribers: TestVillager[] = []
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const v = await villager(i % 2 ? a : b)
      // Reported to either instance; the grants are at the one WeChat.
      await subscribe(i % 2 ? a : b, v, 'urgent_notice', 'clinic', { topics: ['天气预警'], times: 2 })
      subscribers.push(v)
    }
    const teacher = await newTeacher(a.h)
    const { lessons } = await newCourse(a.h, teacher, { trials: 1 })
    const learners: TestVillager[] = []
    const questions: string[] = []
    for (let i = 0; i < LEARNERS; i++) {
      const v = await villager(i % 2 ? a : b)
      await subscribe(a, v, 'classroom_answered', 'classroom', { times: 2 })
      const { question } = await json<{ question: Question }>(
        await call((i % 2 ? a : b).server.url, 'POST', `/api/classroom/lessons/${lessons[0]!.id}/questions`, { token: v.token, json: { text: `第${i + 1}个问题：玉米苗发红怎么办？` } }),
        201,
      )
      learners.push(v)
      questions.push(question.id)
    }
    const publisher = await newPublisher(a.h, '村委会')
    // Everything becomes due at once: the notice's fan-out and the answers, some through each instance.
    await publishNotice(a.h, publisher, noticeBody(a.h, { title: '明天有大风降温，请加固大棚', topic: '天气预警', urgent: true }))
    await Promise.all(
      questions.map((id, i) => call((i % 2 ? b : a).server.url, 'POST', `/api/classroom/teacher/questions/${id}/answer`, { token: teacher.token, json: { text: '多半是缺磷，叶面喷磷酸二氢钾。' } }).then((res) => json(res, 200))),
    )
    const due = SUBSCRIBERS + LEARNERS
    const userKinds = [REMINDER_JOBS.urgentNoticeUser, REMINDER_JOBS.classroomAnswered]
    await until(
      'every reminder job done',
      async () => {
        const rows = await a.server.db.kysely.selectFrom('scheduled_jobs').select(['kind', 'status']).where('kind', 'in', [...userKinds, REMINDER_JOBS.urgentNotice]).execute()
        return rows.length === due + 1 && rows.every((r) => r.status === 'done')
      },
      60_000,
    )
    // Both instances stop polling; nothing may arrive late.
    await Promise.all([a.server.scheduler.stop(), b.server.scheduler.stop()])

    const inboxes = await Promise.all([...subscribers, ...learners].map((v) => inbox(a, v.name)))
    const sent = inboxes.reduce((n, messages) => n + messages.length, 0)
    const atWechat = (await sendsAtWechat(a)).length
    const jobs = await a.server.db.kysely.selectFrom('scheduled_jobs').select(['claimed_by']).where('kind', 'in', userKinds).execute()
    const byInstance = new Map<string, number>()
    for (const j of jobs) {
      const instance = (j.claimed_by ?? '?').split('/')[0]!
      byInstance.set(instance, (byInstance.get(instance) ?? 0) + 1)
    }
    const takenOver = await remindersDb(a.server.db.kysely).selectFrom('reminder_sends').select('key').where('taken_over', '=', 1).execute()
    // The figure for the closing note.
    console.info(`reminders due ${due}, sent ${sent} (send calls at WeChat ${atWechat}); jobs run per instance ${JSON.stringify([...byInstance.values()])}; taken over ${takenOver.length}`)
    expect(inboxes.map((m) => m.length)).toEqual(Array.from({ length: due }, () => 1))
    expect({ sent, atWechat }).toEqual({ sent: due, atWechat: due })
    // Both instances did part of the work (the claims are what made it once, not one idle instance).
    expect(byInstance.size).toBe(2)
  }, 120_000)
})
