import { createWechatSandbox, type WechatSandbox } from './app'
import { createManualClock, type ManualClock } from './clock'
import { tempDir } from './test-helpers'

const APPID = 'wx-test-appid'
const SECRET = 'test-secret'
const keysDir = tempDir() + '/keys'

const VISIT = {
  templateId: 'tmpl-visit',
  title: '就诊提醒',
  fields: [
    { name: 'name1', label: '就诊人' },
    { name: 'thing2', label: '医生' },
    { name: 'time3', label: '就诊时间' },
  ],
}
const REPAY = { templateId: 'tmpl-repay', title: '还款提醒', fields: [{ name: 'amount1', label: '应还金额' }, { name: 'phrase2', label: '状态' }] }
const OTHER = [3, 4, 5].map((n) => ({ templateId: `tmpl-${n}`, title: `模板${n}`, fields: [{ name: 'thing1', label: '内容' }] }))

let clock: ManualClock
let sandbox: WechatSandbox

beforeEach(() => {
  clock = createManualClock()
  sandbox = createWechatSandbox({
    dataDir: keysDir,
    appId: APPID,
    appSecret: SECRET,
    mchId: '1900000109',
    now: clock.now,
    timers: clock.timers,
    env: 'test',
    subscribeTemplates: [VISIT, REPAY, ...OTHER],
    accessTokenTtlS: 600,
  })
})
afterEach(() => sandbox.close())

const call = async (path: string, init?: RequestInit) => {
  const res = await sandbox.fetch(new Request(`http://sandbox${path}`, init))
  const text = await res.text()
  return { status: res.status, text, json: (text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : null) as Record<string, unknown> }
}
const post = (path: string, body: unknown) => call(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
const token = async () => (await call(`/cgi-bin/token?grant_type=client_credential&appid=${APPID}&secret=${SECRET}`)).json.access_token as string
const ask = (user: string, tmplIds: unknown, answers: Record<string, string>) => post('/sandbox/subscribe/request', { user, tmplIds, answers })
const goodVisit = (touser: string) => ({
  touser,
  template_id: 'tmpl-visit',
  page: 'pkg/pages/appointments/index',
  data: { name1: { value: '王秀英' }, thing2: { value: '李医生 内科' }, time3: { value: '2026年1月2日 09:30' } },
})
const send = async (accessToken: string, body: unknown) => (await post(`/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(accessToken)}`, body)).json

test('a one-time grant from 允许 lets exactly one message through; the next send is 43101', async () => {
  const answered = await ask('王秀英', ['tmpl-visit', 'tmpl-repay'], { 'tmpl-visit': 'accept', 'tmpl-repay': 'reject' })
  expect(answered.json).toEqual({ errMsg: 'requestSubscribeMessage:ok', answers: { 'tmpl-visit': 'accept', 'tmpl-repay': 'reject' } })
  const openid = sandbox.openidOf('王秀英')
  const t = await token()

  const first = await send(t, goodVisit(openid))
  expect(first).toMatchObject({ errcode: 0, errmsg: 'ok' })
  expect(typeof first.msgid).toBe('number')
  const second = await send(t, goodVisit(openid))
  expect(second.errcode).toBe(43101)
  expect(String(second.errmsg)).toContain('user refuse to accept the msg')

  // The rejected template never had a grant.
  const repay = await send(t, { touser: openid, template_id: 'tmpl-repay', data: { amount1: { value: '¥100.00' }, phrase2: { value: '待还款' } } })
  expect(repay.errcode).toBe(43101)

  const inbox = await call(`/sandbox/subscribe/messages?user=${encodeURIComponent('王秀英')}`)
  expect(inbox.json.openid).toBe(openid)
  expect(inbox.json.grants).toEqual({})
  const messages = inbox.json.messages as Array<{ title: string; page: string; lines: Array<{ label: string; value: string }> }>
  expect(messages).toHaveLength(1)
  expect(messages[0]!.title).toBe('就诊提醒')
  expect(messages[0]!.page).toBe('pkg/pages/appointments/index')
  expect(messages[0]!.lines).toEqual([
    { name: 'name1', label: '就诊人', value: '王秀英' },
    { name: 'thing2', label: '医生', value: '李医生 内科' },
    { name: 'time3', label: '就诊时间', value: '2026年1月2日 09:30' },
  ])
  expect(sandbox.subscribe.sends().map((s) => s.errcode)).toEqual([0, 43101, 43101])
})

test('grants add up: two 允许 taps allow two messages', async () => {
  await ask('张大爷', ['tmpl-visit'], { 'tmpl-visit': 'accept' })
  await ask('张大爷', ['tmpl-visit'], { 'tmpl-visit': 'accept' })
  expect(sandbox.subscribe.grantsOf('张大爷')).toEqual({ 'tmpl-visit': 2 })
  const t = await token()
  expect((await send(t, goodVisit(sandbox.openidOf('张大爷')))).errcode).toBe(0)
  expect((await send(t, goodVisit(sandbox.openidOf('张大爷')))).errcode).toBe(0)
  expect((await send(t, goodVisit(sandbox.openidOf('张大爷')))).errcode).toBe(43101)
  expect(sandbox.subscribe.inbox('张大爷')).toHaveLength(2)
})

test('field rules answer 47003 naming the field, as WeChat does, and consume no grant', async () => {
  await ask('王秀英', ['tmpl-visit'], { 'tmpl-visit': 'accept' })
  const openid = sandbox.openidOf('王秀英')
  const t = await token()
  const withData = (data: Record<string, string>) => ({ ...goodVisit(openid), data: Object.fromEntries(Object.entries({ ...Object.fromEntries(Object.entries(goodVisit(openid).data).map(([k, v]) => [k, v.value])), ...data }).map(([k, v]) => [k, { value: v }])) })

  const long = await send(t, withData({ thing2: '一二三四五六七八九十一二三四五六七八九十一' }))
  expect(long.errcode).toBe(47003)
  expect(String(long.errmsg)).toMatch(/^argument invalid! data\.thing2\.value invalid rid: /)
  expect((await send(t, withData({ thing2: '一二三四五六七八九十一二三四五六七八九十' }))).errcode).toBe(0)

  await ask('王秀英', ['tmpl-visit'], { 'tmpl-visit': 'accept' })
  expect(String((await send(t, withData({ time3: '明天上午' }))).errmsg)).toContain('data.time3.value invalid')
  expect(String((await send(t, withData({ name1: '王秀英3' }))).errmsg)).toContain('data.name1.value invalid')
  const empty = await send(t, withData({ thing2: '' }))
  expect(String(empty.errmsg)).toContain('data.thing2.value is empty')
  const missing = await send(t, { ...goodVisit(openid), data: { name1: { value: '王秀英' } } })
  expect(String(missing.errmsg)).toContain('data.thing2.value is empty')
  // phrase ≤ 5 Chinese characters, amount a currency amount
  await ask('王秀英', ['tmpl-repay'], { 'tmpl-repay': 'accept' })
  const repay = (amount: string, phrase: string) => send(t, { touser: openid, template_id: 'tmpl-repay', data: { amount1: { value: amount }, phrase2: { value: phrase } } })
  expect((await repay('¥100.00', '已经逾期未还')).errcode).toBe(47003)
  expect((await repay('一百元', '待还款')).errcode).toBe(47003)
  expect(sandbox.subscribe.grantsOf('王秀英')).toEqual({ 'tmpl-visit': 1, 'tmpl-repay': 1 })
  expect((await repay('1234.50元', '待还款')).errcode).toBe(0)
})

test('unknown template 40037, unknown touser 40003', async () => {
  await ask('王秀英', ['tmpl-visit'], { 'tmpl-visit': 'accept' })
  const t = await token()
  expect((await send(t, { ...goodVisit(sandbox.openidOf('王秀英')), template_id: 'no-such-template' })).errcode).toBe(40037)
  expect((await send(t, goodVisit(sandbox.openidOf('从没来过的人')))).errcode).toBe(40003)
  expect((await send(t, goodVisit('o-not-an-openid'))).errcode).toBe(40003)
  // A user who only logged in (never subscribed) is known: the send fails for want of a grant.
  sandbox.issueLoginCode('李四')
  expect((await send(t, goodVisit(sandbox.openidOf('李四')))).errcode).toBe(43101)
})

test('access tokens: 40001 for an unknown one, 42001 once past their lifetime (configurable), new ones work', async () => {
  await ask('王秀英', ['tmpl-visit'], { 'tmpl-visit': 'accept' })
  const openid = sandbox.openidOf('王秀英')
  expect((await send('not-a-token', goodVisit(openid))).errcode).toBe(40001)
  const issued = await call(`/cgi-bin/token?grant_type=client_credential&appid=${APPID}&secret=${SECRET}`)
  expect(issued.json.expires_in).toBe(600)
  const t = issued.json.access_token as string
  await clock.advance(600_000)
  const expired = await send(t, goodVisit(openid))
  expect(expired.errcode).toBe(42001)
  expect(String(expired.errmsg)).toContain('access_token expired')
  const fresh = await token()
  expect((await send(fresh, goodVisit(openid))).errcode).toBe(0)

  // The test control expires every token at once.
  await ask('王秀英', ['tmpl-visit'], { 'tmpl-visit': 'accept' })
  expect((await post('/sandbox/faults/access-tokens', {})).status).toBe(200)
  expect((await send(fresh, goodVisit(openid))).errcode).toBe(42001)
  // Failed sends consumed nothing.
  expect(sandbox.subscribe.grantsOf('王秀英')).toEqual({ 'tmpl-visit': 1 })
})

test('the phone side: at most 3 templates per call (20003), unknown ids 20001, answers recorded only when asked right', async () => {
  const four = await ask('王秀英', ['tmpl-visit', 'tmpl-3', 'tmpl-4', 'tmpl-5'], { 'tmpl-visit': 'accept' })
  expect(four.json).toMatchObject({ errCode: 20003 })
  expect(String(four.json.errMsg)).toMatch(/^requestSubscribeMessage:fail /)
  expect((await ask('王秀英', ['tmpl-visit', 'nope'], { 'tmpl-visit': 'accept' })).json.errCode).toBe(20001)
  expect((await ask('王秀英', [], {})).json.errCode).toBe(10001)
  expect(sandbox.subscribe.grantsOf('王秀英')).toEqual({})
  expect((await ask('王秀英', ['tmpl-visit', 'tmpl-3', 'tmpl-4'], { 'tmpl-visit': 'accept', 'tmpl-4': 'accept' })).json.answers).toEqual({
    'tmpl-visit': 'accept',
    'tmpl-3': 'reject',
    'tmpl-4': 'accept',
  })
  expect((await post('/sandbox/subscribe/request', { tmplIds: ['tmpl-visit'] })).status).toBe(400)
})

test('the preview pages: the subscribe sheet and the 服务通知 inbox, zh-CN and escaped', async () => {
  const sheet = await call(`/sandbox/subscribe/sheet?user=${encodeURIComponent('王秀英')}&tmplIds=tmpl-visit,tmpl-repay`)
  expect(sheet.status).toBe(200)
  expect(sheet.text).toContain('<html lang="zh-CN">')
  expect(sheet.text).toContain('就诊提醒')
  expect(sheet.text).toContain('还款提醒')
  expect(sheet.text).toContain('允许')
  expect(sheet.text).toContain('取消')
  expect((await call('/sandbox/subscribe/sheet?user=x&tmplIds=nope')).status).toBe(404)

  await ask('<b>坏人</b>', ['tmpl-visit'], { 'tmpl-visit': 'accept' })
  await send(await token(), { ...goodVisit(sandbox.openidOf('<b>坏人</b>')), data: { name1: { value: '王秀英' }, thing2: { value: '<script>x</script>' }, time3: { value: '09:30' } } })
  const index = await call('/sandbox/subscribe/inbox')
  expect(index.text).toContain('&lt;b&gt;坏人&lt;/b&gt;')
  const page = await call(`/sandbox/subscribe/inbox?user=${encodeURIComponent('<b>坏人</b>')}`)
  expect(page.status).toBe(200)
  expect(page.text).toContain('的服务通知')
  expect(page.text).toContain('&lt;script&gt;x&lt;/script&gt;')
  expect(page.text).not.toContain('<script>x')
  expect(page.text).toContain('就诊时间')
})
