// Merchant transfers (商家转账) end to end over real HTTP: the merchant's client (@tianyuan/wechatpay)
// creates, queries and cancels bills; the user answers on the sandbox's confirm page; the signed,
// encrypted MCHTRANSFER.BILL.FINISHED notification reaches a real notify endpoint.
import { createWechatPayClient, WechatPayApiError, type TransferBillRequest, type TransferBillResource, type WechatPayClient } from '@tianyuan/wechatpay'
import { createWechatSandbox, type WechatSandbox } from './app'
import { createManualClock } from './clock'
import { WECHAT_RETRY_SCHEDULE_SECONDS } from './notify'
import { TRANSFER_CONFIRM_TTL_MS } from './transfer'
import { listen, nthAttempt, startReceiver, tempDir } from './test-helpers'

const APPID = 'wx-test-appid'
const MCHID = '1900000109'
const keysDir = tempDir() + '/keys'

let sandbox: WechatSandbox
let server: Awaited<ReturnType<typeof listen>>
let receiver: Awaited<ReturnType<typeof startReceiver>>
let client: WechatPayClient
let seq = 0
const billNo = () => `LD${Date.now()}x${++seq}`

const clientFor = (s: WechatSandbox, baseUrl: string, now?: () => number) =>
  createWechatPayClient({
    baseUrl,
    mchId: MCHID,
    merchantSerial: s.keys.merchantSerial,
    merchantPrivateKey: s.keys.merchantPrivateKey,
    platformPublicKeys: { [s.keys.platformSerial]: s.keys.platformPublicKey },
    apiV3Key: s.keys.apiV3Key,
    now,
  })

beforeAll(async () => {
  sandbox = createWechatSandbox({ dataDir: keysDir, appId: APPID, appSecret: 's', mchId: MCHID, transferCancelDelayMs: 0, env: 'test' })
  server = await listen(sandbox.fetch)
  receiver = await startReceiver()
  client = clientFor(sandbox, server.url)
})

afterAll(async () => {
  await sandbox.close()
  await server.close()
  await receiver.close()
})

const bill = (no: string, over: Partial<TransferBillRequest> = {}): TransferBillRequest => ({
  appid: APPID,
  out_bill_no: no,
  transfer_scene_id: '1000',
  openid: sandbox.openidOf('张大爷'),
  transfer_amount: 300_000,
  user_name: '张大爷',
  transfer_remark: '惠农小贷放款：春耕贷',
  notify_url: receiver.url,
  user_recv_perception: '现金奖励',
  transfer_scene_report_infos: [{ info_type: '活动名称', info_content: '惠农小贷放款' }],
  ...over,
})

const decide = async (action: 'confirm' | 'cancel' | 'fail', params: object) => {
  const res = await fetch(`${server.url}/sandbox/transfer/${action}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(params) })
  expect(res.status).toBe(200)
  return ((await res.json()) as { errMsg: string }).errMsg
}

const apiError = async (p: Promise<unknown>): Promise<WechatPayApiError> => {
  const e = await p.then(
    () => new Error('expected a WechatPayApiError'),
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(WechatPayApiError)
  return e as WechatPayApiError
}

/** The notifications for one bill that have reached the receiver, parsed by the merchant client. */
const received = (no: string) =>
  receiver.received.map((r) => client.parseNotification(r.headers, r.body)).filter((n) => n.kind === 'transfer_bill' && n.resource.out_bill_no === no)

test('create → WAIT_USER_CONFIRM with package_info → the user confirms on the page → signed notify SUCCESS', async () => {
  const no = billNo()
  const created = await client.createTransferBill(bill(no))
  expect(created).toMatchObject({ out_bill_no: no, state: 'WAIT_USER_CONFIRM' })
  expect(created.transfer_bill_no).toMatch(/^1330\d{36}$/)
  const pkg = created.package_info!
  expect(pkg).toBeTruthy()

  const page = await fetch(`${server.url}/sandbox/transfer?${new URLSearchParams({ package: pkg, mchId: MCHID, appId: APPID })}`)
  expect(page.status).toBe(200)
  const html = await page.text()
  expect(html).toContain('¥3000.00')
  expect(html).toContain('惠农小贷放款：春耕贷')
  expect(html).toContain('确认收款')
  expect(html).toContain('lang="zh-CN"')
  expect(sandbox.transfers.list().find((t) => t.out_bill_no === no)).toMatchObject({ state: 'WAIT_USER_CONFIRM', named: true, transfer_amount: 300_000 })

  const before = receiver.received.length
  expect(await decide('confirm', { mchId: MCHID, appId: APPID, package: pkg })).toBe('requestMerchantTransfer:ok')
  await receiver.waitFor(before + 1)
  const delivery = receiver.received[before]!
  expect(delivery.body).not.toContain(no) // encrypted
  const n = client.parseNotification(delivery.headers, delivery.body)
  expect(n).toMatchObject({ kind: 'transfer_bill', event_type: 'MCHTRANSFER.BILL.FINISHED', resource_type: 'encrypt-resource' })
  expect(n.resource as TransferBillResource).toMatchObject({ out_bill_no: no, transfer_bill_no: created.transfer_bill_no, state: 'SUCCESS', mch_id: MCHID, transfer_amount: 300_000 })

  expect(await client.queryTransferBill(no)).toMatchObject({ state: 'SUCCESS', mch_id: MCHID, appid: APPID, transfer_amount: 300_000 })
  // Received money cannot be received again, nor the bill cancelled.
  expect(await decide('confirm', { mchId: MCHID, appId: APPID, package: pkg })).toBe('requestMerchantTransfer:fail 该笔转账已收款')
  expect((await apiError(client.cancelTransferBill(no))).code).toBe('INVALID_REQUEST')
  const done = await (await fetch(`${server.url}/sandbox/transfer?package=${encodeURIComponent(pkg)}`)).text()
  expect(done).toContain('已收款')
  expect(done).not.toContain('id="confirm"')
})

test('the same out_bill_no with the same parameters is the same bill; with others, INVALID_REQUEST', async () => {
  const no = billNo()
  const first = await client.createTransferBill(bill(no))
  // user_name is encrypted afresh (OAEP is randomised) and still the same request
  const again = await client.createTransferBill(bill(no))
  expect(again).toEqual(first)
  expect((await apiError(client.createTransferBill(bill(no, { transfer_amount: 300_001 })))).code).toBe('INVALID_REQUEST')
  expect((await apiError(client.createTransferBill(bill(no, { user_name: '李大妈' })))).code).toBe('INVALID_REQUEST')
  expect(sandbox.transfers.list().filter((t) => t.out_bill_no === no)).toHaveLength(1)
})

test('fields and amounts are checked as WeChat does', async () => {
  const refused = async (over: Partial<TransferBillRequest>, status: number, code: string) => {
    const e = await apiError(client.createTransferBill(bill(billNo(), over)))
    expect([e.status, e.code]).toEqual([status, code])
    expect(e.signed).toBe(true)
  }
  await refused({ transfer_amount: 9 }, 400, 'PARAM_ERROR') // under 0.1 yuan
  await refused({ transfer_amount: 10.5 }, 400, 'PARAM_ERROR') // fen are whole
  await refused({ transfer_amount: 2_000_001 }, 400, 'INVALID_REQUEST') // over the scene's single limit
  await refused({ transfer_amount: 200_000, user_name: undefined }, 400, 'PARAM_ERROR') // 2,000 yuan needs the name
  await refused({ transfer_remark: '备'.repeat(33) }, 400, 'PARAM_ERROR')
  await refused({ transfer_remark: '' }, 400, 'PARAM_ERROR')
  await refused({ transfer_scene_report_infos: [] }, 400, 'PARAM_ERROR')
  await refused({ transfer_scene_report_infos: [{ info_type: '活动名称', info_content: '惠'.repeat(33) }] }, 400, 'PARAM_ERROR')
  await refused({ out_bill_no: 'LD-has-dash' }, 400, 'PARAM_ERROR')
  await refused({ notify_url: 'https://example.com/notify?x=1' }, 400, 'PARAM_ERROR')
  await refused({ appid: 'wx-other-app' }, 400, 'PARAM_ERROR')
  await refused({ transfer_scene_id: '1009' }, 403, 'NO_AUTH')
  // at the limits: accepted
  await expect(client.createTransferBill(bill(billNo(), { transfer_amount: 10, user_name: undefined, transfer_remark: '备'.repeat(32) }))).resolves.toMatchObject({ state: 'WAIT_USER_CONFIRM' })
  await expect(client.createTransferBill(bill(billNo(), { transfer_amount: 199_999, user_name: undefined }))).resolves.toMatchObject({ state: 'WAIT_USER_CONFIRM' })
  expect((await apiError(client.queryTransferBill('LDnosuchbill'))).status).toBe(404)
  expect((await apiError(client.cancelTransferBill('LDnosuchbill'))).code).toBe('NOT_FOUND')
})

test('the page checks mchId, appId and package; a user who cancels can still confirm later; nothing is notified meanwhile', async () => {
  const no = billNo()
  const { package_info: pkg } = await client.createTransferBill(bill(no))
  const params = { mchId: MCHID, appId: APPID, package: pkg }
  const attempts = sandbox.notifications.attempts().length
  expect(await decide('confirm', { ...params, mchId: '1900000999' })).toBe('requestMerchantTransfer:fail mchId参数错误')
  expect(await decide('confirm', { ...params, appId: 'wx-other' })).toBe('requestMerchantTransfer:fail appId参数错误')
  expect(await decide('confirm', { ...params, package: 'forged==' })).toBe('requestMerchantTransfer:fail package参数错误')
  expect(await decide('cancel', params)).toBe('requestMerchantTransfer:fail cancel')
  expect((await client.queryTransferBill(no)).state).toBe('WAIT_USER_CONFIRM')
  expect(sandbox.notifications.attempts().length).toBe(attempts)
  expect(await decide('confirm', params)).toBe('requestMerchantTransfer:ok')
  expect((await client.queryTransferBill(no)).state).toBe('SUCCESS')
})

test('the merchant cancels a waiting bill: CANCELING, then CANCELLED with its notification; the page no longer takes it', async () => {
  const no = billNo()
  const { package_info: pkg } = await client.createTransferBill(bill(no))
  const before = receiver.received.length
  const cancelled = await client.cancelTransferBill(no)
  expect(cancelled).toMatchObject({ out_bill_no: no, state: 'CANCELING' })
  await receiver.waitFor(before + 1)
  expect(received(no).map((n) => (n.resource as TransferBillResource).state)).toEqual(['CANCELLED'])
  expect((await client.queryTransferBill(no)).state).toBe('CANCELLED')
  expect(await decide('confirm', { mchId: MCHID, appId: APPID, package: pkg })).toBe('requestMerchantTransfer:fail 该笔转账已失效')
  // Cancelling again answers the bill as it is.
  expect(await client.cancelTransferBill(no)).toMatchObject({ state: 'CANCELLED' })
})

test('a transfer WeChat cannot make ends FAIL with its reason, notified', async () => {
  const no = billNo()
  const { package_info: pkg } = await client.createTransferBill(bill(no))
  const before = receiver.received.length
  const res = await fetch(`${server.url}/sandbox/transfer/fail`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ mchId: MCHID, appId: APPID, package: pkg, failReason: 'PAYEE_ACCOUNT_ABNORMAL' }) })
  expect(((await res.json()) as { errMsg: string }).errMsg).toBe('requestMerchantTransfer:fail 收款失败')
  await receiver.waitFor(before + 1)
  expect(received(no).map((n) => n.resource)).toEqual([expect.objectContaining({ state: 'FAIL', fail_reason: 'PAYEE_ACCOUNT_ABNORMAL' })])
  expect(await client.queryTransferBill(no)).toMatchObject({ state: 'FAIL', fail_reason: 'PAYEE_ACCOUNT_ABNORMAL' })
})

test('unconfirmed for 24 hours: CANCELLED and notified, retried on WeChat’s schedule until the merchant answers 200', async () => {
  const clock = createManualClock()
  const s = createWechatSandbox({ dataDir: keysDir, appId: APPID, appSecret: 's', mchId: MCHID, notifyRetryFactor: 0.001, now: clock.now, timers: clock.timers, env: 'test' })
  const srv = await listen(s.fetch)
  const rx = await startReceiver((i) => (i < 2 ? 500 : 200), clock.now)
  try {
    const c = clientFor(s, srv.url, clock.now)
    const no = billNo()
    const created = await c.createTransferBill({ ...bill(no), openid: s.openidOf('张大爷'), notify_url: rx.url })
    await clock.advance(TRANSFER_CONFIRM_TTL_MS - 1000)
    expect((await c.queryTransferBill(no)).state).toBe('WAIT_USER_CONFIRM')
    await clock.advance(1000)
    // Each retry is scheduled once the previous attempt's answer is in: wait for its record first.
    for (const [i, wait] of WECHAT_RETRY_SCHEDULE_SECONDS.slice(0, 2).entries()) {
      await nthAttempt(s, i + 1)
      await clock.advance(wait * 1000 * 0.001)
    }
    await nthAttempt(s, 3)
    const states = rx.received.map((r) => c.parseNotification(r.headers, r.body, { maxSkewSeconds: 10 ** 9 }).resource as TransferBillResource)
    expect(states.map((b) => [b.out_bill_no, b.state, b.fail_reason])).toEqual(Array(3).fill([no, 'CANCELLED', 'USER_CONFIRM_TIMEOUT']))
    expect(s.notifications.attempts().map((a) => a.delivered)).toEqual([false, false, true])
    expect(await s.transfers.decide({ mchId: MCHID, appId: APPID, package: created.package_info! }, 'confirm')).toBe('requestMerchantTransfer:fail 该笔转账已失效')
  } finally {
    await s.close()
    await srv.close()
    await rx.close()
  }
})
