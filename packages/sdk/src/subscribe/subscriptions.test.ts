// sdk.subscriptions against the real API and its in-process WeChat sandbox: the sheet is answered
// at the sandbox (what the preview's 允许 button does), the answers reach the API through the
// request client (queued while offline), and the API's reminder then arrives in the user's inbox.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig, startServer, type RunningServer } from '@tianyuan/api'
import { REMINDER_TEMPLATES } from '@tianyuan/contracts/subscribe-rules'
import { createFakePlatform, FakeStorage, type FakeReply } from '../platform/fake'
import { fetchHandler } from '../platform/fetch-handler'
import { createH5Platform, sandboxSubscribeDecision, type SubscribeOpener } from '../platform/h5'
import { createSdk, type Sdk } from '../sdk'
import { subscriptionsOf } from './subscriptions'

jest.mock('thumbhash', () => ({}))

let dir: string
let server: RunningServer
let seq = 0

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdk-subscribe-'))
  // A deployment whose clinic template id differs from the catalogue's: the phone must use the server's.
  const config = loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent', SUBSCRIBE_TEMPLATE_CLINIC_APPOINTMENT: 'console-tmpl-visit' })
  server = await startServer({ config })
})
afterAll(async () => {
  await server.shutdown()
  fs.rmSync(dir, { recursive: true, force: true })
})

function phone(options: { answer?: (id: string) => 'accept' | 'reject'; storage?: FakeStorage; direct?: boolean; user?: string } = {}) {
  const user = options.user ?? `订阅用户${process.pid}-${++seq}`
  const inProcess = fetchHandler({ '': server.app.fetch })
  const paths: string[] = []
  const fake = createFakePlatform({
    storage: options.storage,
    handler: async (req) => {
      paths.push(`${req.method} ${req.path}`)
      const reply: FakeReply = await inProcess(req)
      return reply
    },
  })
  // `direct`: the sheet's answer reaches the sandbox in-process, not over the phone's (fake) network.
  const openSubscribe: SubscribeOpener = options.direct
    ? async (_url, ids) => ({ ...server.sandbox!.subscribe.request(user, ids, Object.fromEntries(ids.map((id) => [id, options.answer?.(id) ?? 'accept']))) })
    : sandboxSubscribeDecision(fake.platform, '/wechat-sandbox', options.answer)
  const platform = createH5Platform({ base: fake.platform, openSubscribe })
  const sdk: Sdk = createSdk({ platform, baseUrl: '/api', namespace: 'clinic', random: () => 0 })
  return { fake, platform, sdk, user, paths }
}

test('ask: the deployment\'s template id, answered at the sandbox, reported to the API, and the reminder then arrives', async () => {
  const { sdk, platform, user } = phone()
  await platform.setSandboxUser(user)
  const me = await sdk.auth.ensureLogin()
  const subscriptions = subscriptionsOf(sdk, 'clinic')
  await subscriptions.ready()
  expect(subscriptions.templateIdOf('clinic_appointment')).toBe('console-tmpl-visit')

  const result = await subscriptions.ask(['clinic_appointment'])
  expect(result).toEqual({ outcome: 'answered', answers: { clinic_appointment: 'accept' } })
  expect(server.sandbox?.subscribe.grantsOf(user)).toEqual({ 'console-tmpl-visit': 1 })
  expect(subscriptions.lastAnswer('clinic_appointment')).toMatchObject({ templateId: 'console-tmpl-visit', answer: 'accept' })

  // The report goes through the request client; wait until the API has it.
  await waitFor(async () => (await grantsAt(me.id)).length === 1)
  expect(await grantsAt(me.id)).toEqual([expect.objectContaining({ template_id: 'console-tmpl-visit', app: 'clinic', available: 1, last_answer: 'accept' })])

  const sent = await server.subscriptions.sendReminder({
    userId: me.id,
    key: 'clinic_appointment',
    data: { name1: '王秀英', thing2: '李医生', time3: '2026年12月5日 09:30', thing4: '青石镇卫生院', thing5: '请提前十分钟到' },
    page: 'pkg/pages/appointments/index',
    app: 'clinic',
  })
  expect(sent).toEqual({ outcome: 'sent' })
  expect(server.sandbox?.subscribe.inbox(user).map((m) => m.title)).toEqual(['就诊提醒'])
  sdk.dispose()
})

test('a 取消 is remembered and reported as reject; nothing can be sent', async () => {
  const { sdk, platform, user } = phone({ answer: () => 'reject' })
  await platform.setSandboxUser(user)
  const me = await sdk.auth.ensureLogin()
  const subscriptions = subscriptionsOf(sdk, 'clinic')
  await subscriptions.ready()
  expect(await subscriptions.ask(['clinic_appointment'])).toEqual({ outcome: 'answered', answers: { clinic_appointment: 'reject' } })
  expect(subscriptions.lastAnswer('clinic_appointment')?.answer).toBe('reject')
  await waitFor(async () => (await grantsAt(me.id)).length === 1)
  expect((await grantsAt(me.id))[0]).toMatchObject({ available: 0, last_answer: 'reject' })
  expect(server.sandbox?.subscribe.grantsOf(user)).toEqual({})
  sdk.dispose()
})

test('the sheet is shown synchronously, inside the tap: before ask() returns, with ids known beforehand', () => {
  const fake = createFakePlatform()
  fake.setSubscribeAnswers('accept')
  const sdk = createSdk({ platform: fake.platform, baseUrl: '/api', namespace: 'clinic', random: () => 0 })
  const subscriptions = subscriptionsOf(sdk, 'clinic')
  void subscriptions.ask(['clinic_appointment', 'urgent_notice'], { topics: ['健康'] })
  // No await happened: WeChat would have refused the sheet otherwise.
  expect(fake.subscribeRequests).toEqual([[REMINDER_TEMPLATES.clinic_appointment.templateId, REMINDER_TEMPLATES.urgent_notice.templateId]])
  sdk.dispose()
})

test('offline: the stored ids are used and the answers are queued, then reported once back online', async () => {
  const storage = new FakeStorage()
  const first = phone({ storage })
  await first.platform.setSandboxUser(first.user)
  const me = await first.sdk.auth.ensureLogin()
  await subscriptionsOf(first.sdk, 'clinic').ready() // fetched and stored the server's ids
  first.sdk.dispose()

  // The app starts again with no signal. WeChat's sheet needs no network from the app: the phone's
  // answer goes straight to the sandbox (in-process), the report to the API has to wait.
  const again = phone({ storage, direct: true, user: first.user })
  again.fake.network.goOffline()
  const subscriptions = subscriptionsOf(again.sdk, 'clinic')
  await subscriptions.ready()
  expect(subscriptions.templateIdOf('clinic_appointment')).toBe('console-tmpl-visit')
  expect(await subscriptions.ask(['clinic_appointment'])).toEqual({ outcome: 'answered', answers: { clinic_appointment: 'accept' } })
  await waitFor(() => again.sdk.api.queue.count() === 1)
  expect(await grantsAt(me.id)).toEqual([])
  const sent = new Promise<void>((resolve) => again.sdk.api.queue.subscribe((c) => c.kind === 'sent' && resolve()))
  again.fake.network.goOnline('3g')
  await sent
  expect(await grantsAt(me.id)).toEqual([expect.objectContaining({ template_id: 'console-tmpl-visit', available: 1 })])
  again.sdk.dispose()
})

async function grantsAt(userId: string) {
  return server.db.kysely
    .withTables<{ subscribe_grants: { user_id: string; template_id: string; app: string; available: number; last_answer: string } }>()
    .selectFrom('subscribe_grants')
    .selectAll()
    .where('user_id', '=', userId)
    .execute()
}

async function waitFor(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > until) throw new Error('waitFor: timed out')
    await new Promise((r) => setTimeout(r, 10))
  }
}

