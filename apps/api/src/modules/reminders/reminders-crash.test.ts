import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startApiProcess } from '../../testing/api-process'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { newPublisher, noticeBody, publish as publishNotice } from '../notices/testing'
import { REMINDER_JOBS } from './schedule'
import { remindersDb } from './schema'
import { inbox, json, sendsAtWechat, startWorld, subscribe, until, villager, type World } from './testing'

/**
 * An API instance SIGKILLed in the middle of sending a reminder, and another started on the same
 * database: the reminder arrives once. The instances are child processes (testing/api-child.ts)
 * that talk to the one WeChat — the sandbox of an API in this process, which outlives them — and
 * are killed by the test-only switch TIANYUAN_TEST_CRASH_IN_REMINDER_SEND (modules/reminders/background.ts):
 * - before-wechat: the send was claimed in reminder_sends, WeChat not yet called;
 * - after-wechat: WeChat accepted it (and subscribe_sends recorded it), the claim not yet finished.
 * The restarted instance's clock is 5 minutes ahead, past the dead run's lease (60 s), as if it
 * started that much later. The villager has TWO one-time grants: a second send would arrive.
 */
describeEachDatabase('a reminder whose instance is killed mid-send', (fresh) => {
  let database: TestDatabase
  let w: World
  let mediaDir: string

  beforeAll(async () => {
    database = await fresh()
    mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tianyuan-reminders-crash-'))
    w = await startWorld(database, { mediaDir })
  })
  afterAll(async () => {
    await (w as World | undefined)?.close()
    await database.drop()
    fs.rmSync(mediaDir, { recursive: true, force: true })
  })

  const child = (crashAt: string | null, clockOffsetMs = 0) =>
    startApiProcess(
      { target: database.target, schema: database.schema, mediaDir, clockOffsetMs, env: { WECHAT_API_BASE: w.wechatBase, WECHATPAY_API_BASE: w.wechatBase, SCHEDULER_POLL_MS: '50' } },
      crashAt ? { TIANYUAN_TEST_CRASH_IN_REMINDER_SEND: crashAt } : {},
    )

  // One topic per case, so each notice reaches only its own villager.
  test.each([
    ['before-wechat', '天气预警'],
    ['after-wechat', '村务'],
  ] as const)('killed %s → sent exactly once after the restart', async (crashAt, topic) => {
    const v = await villager(w)
    await subscribe(w, v, 'urgent_notice', 'clinic', { topics: [topic], times: 2 })
    const publisher = await newPublisher(w.h, '村委会')
    const notice = await publishNotice(w.h, publisher, noticeBody(w.h, { title: `今晚寒潮（${crashAt}）`, topic, urgent: true }))
    const key = `${notice.id}:${v.userId}`
    const sendsBefore = (await sendsAtWechat(w)).length

    const doomed = await child(crashAt)
    const ended = await doomed.exited
    expect(ended.signal).toBe('SIGKILL')
    const claim = await remindersDb(w.server.db.kysely).selectFrom('reminder_sends').selectAll().where('kind', '=', REMINDER_JOBS.urgentNoticeUser).where('key', '=', key).executeTakeFirstOrThrow()
    expect(claim.state).toBe('sending')
    expect((await inbox(w, v.name)).length).toBe(crashAt === 'after-wechat' ? 1 : 0)

    const restarted = await child(null, 5 * 60_000)
    try {
      await until(
        'the reminder job done',
        async () => {
          const job = await w.server.db.kysely.selectFrom('scheduled_jobs').select('status').where('kind', '=', REMINDER_JOBS.urgentNoticeUser).where('key', '=', key).executeTakeFirst()
          return job?.status === 'done'
        },
        60_000,
      )
    } finally {
      await restarted.close()
    }
    const messages = await inbox(w, v.name)
    expect(messages).toHaveLength(1)
    expect(messages[0]!.page).toBe(`notices/pages/detail/index?id=${notice.id}`)
    // One send call reached WeChat in all: none was repeated.
    expect((await sendsAtWechat(w)).length - sendsBefore).toBe(1)
    const after = await remindersDb(w.server.db.kysely).selectFrom('reminder_sends').selectAll().where('kind', '=', REMINDER_JOBS.urgentNoticeUser).where('key', '=', key).executeTakeFirstOrThrow()
    expect(after).toMatchObject({ state: 'done', outcome: 'sent', taken_over: 1 })
    // The second grant is still there for the next notice.
    const grants = await json<{ grants: Record<string, number> }>(await fetch(`${w.wechatBase}/sandbox/subscribe/messages?user=${encodeURIComponent(v.name)}`), 200)
    expect(Object.values(grants.grants)).toEqual([1])
  }, 180_000)
})
