// Receiving a merchant transfer with the H5 adapter against the real wechat-sandbox, in-process: the
// bill is made by the merchant's client (@tianyuan/wechatpay), the 确认收款 page is answered through
// its JSON endpoints (what its buttons call), and the "server" the SDK asks answers from WeChat's own
// query — as apps/api's GET /api/loans/my/:id/disbursement does.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createWechatSandbox, type WechatSandbox } from '@tianyuan/wechat-sandbox'
import { createWechatPayClient, type TransferBillState, type WechatPayClient } from '@tianyuan/wechatpay'
import { createFakePlatform } from '../platform/fake'
import { fetchHandler } from '../platform/fetch-handler'
import { createH5Platform, sandboxTransferDecision, type TransferOpener } from '../platform/h5'
import type { FakePlatform } from '../platform/fake'
import { createApiClient } from '../request/client'
import { receiveTransfer, type ReceiveState, type TransferStatusView } from './receive-transfer'

const APPID = 'wx-sdk-test-appid'
const MCHID = '1900000109'

let dir: string
let sandbox: WechatSandbox
let merchant: WechatPayClient
let seq = 0

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdk-transfer-'))
  sandbox = createWechatSandbox({ dataDir: path.join(dir, 'keys'), appId: APPID, appSecret: 's', mchId: MCHID, env: 'test', fetch: async () => new Response(null, { status: 204 }) })
  merchant = createWechatPayClient({
    baseUrl: 'http://sandbox.test',
    mchId: MCHID,
    merchantSerial: sandbox.keys.merchantSerial,
    merchantPrivateKey: sandbox.keys.merchantPrivateKey,
    platformPublicKeys: { [sandbox.keys.platformSerial]: sandbox.keys.platformPublicKey },
    apiV3Key: sandbox.keys.apiV3Key,
    fetch: async (input, init) => sandbox.fetch(new Request(input, init)),
  })
})
afterAll(async () => {
  await sandbox.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const STATUS: Partial<Record<TransferBillState, string>> = { SUCCESS: 'succeeded', FAIL: 'failed', CANCELLED: 'cancelled', WAIT_USER_CONFIRM: 'waiting_user' }

/** A transfer of 3,000 yuan waiting for the user, and a server that answers about it from WeChat. */
async function setUp(openTransfer: (fake: FakePlatform) => TransferOpener, options: { withoutPackage?: boolean } = {}) {
  const no = `LDSDK${Date.now()}x${++seq}`
  const created = await merchant.createTransferBill({
    appid: APPID,
    out_bill_no: no,
    transfer_scene_id: '1000',
    openid: sandbox.openidOf('张大爷'),
    user_name: '张大爷',
    transfer_amount: 300_000,
    transfer_remark: '惠农小贷放款',
    transfer_scene_report_infos: [{ info_type: '活动名称', info_content: '惠农小贷放款' }],
  })
  let reads = 0
  const server = async (): Promise<TransferStatusView> => {
    reads++
    const bill = await merchant.queryTransferBill(no)
    const status = STATUS[bill.state] ?? 'pending'
    const waiting = status === 'waiting_user' && !options.withoutPackage
    return { status, statusWord: status, amountFen: bill.transfer_amount, confirm: waiting ? { mchId: MCHID, appId: APPID, package: created.package_info! } : null }
  }
  const api = fetchHandler({ '/wechat-sandbox': sandbox.fetch })
  const fake = createFakePlatform({
    handler: async (req) => (req.path === `/api/loans/my/${no}/disbursement` ? { body: { disbursement: await server() } } : api(req)),
  })
  const platform = createH5Platform({ base: fake.platform, openTransfer: openTransfer(fake) })
  const client = createApiClient({ platform, baseUrl: '/api', namespace: 'test' })
  const states: ReceiveState[] = []
  const receive = () => receiveTransfer({ api: client, platform }, { path: `/loans/my/${no}/disbursement`, onState: (s) => states.push(s), pollDelaysMs: [10], confirmDeadlineMs: 2000 })
  return { no, receive, states, reads: () => reads, fake }
}

test('confirm: the page says ok, the server is asked, and the money has arrived', async () => {
  const { no, receive, states } = await setUp((fake) => sandboxTransferDecision(fake.platform, '/wechat-sandbox', 'confirm'))
  const result = await receive()
  expect(result).toMatchObject({ phase: 'received', message: '钱已到微信零钱', transfer: { status: 'succeeded', amountFen: 300_000 } })
  expect(states.map((s) => s.phase)).toEqual(['loading', 'awaiting_user', 'confirming'])
  expect((await merchant.queryTransferBill(no)).state).toBe('SUCCESS')
  // Again: already received, WeChat's page is not shown twice.
  const opened: string[] = []
  expect((await receiveTransfer({ api: createApiClient({ platform: createH5Platform({ base: createFakePlatform({ handler: async () => ({ body: { disbursement: result.transfer } }) }).platform, openTransfer: async (url) => (opened.push(url), 'requestMerchantTransfer:ok') }), baseUrl: '/api', namespace: 't2' }), platform: createFakePlatform().platform }, { path: '/x' })).phase).toBe('received')
  expect(opened).toEqual([])
})

test('cancel: the user left the page; the money still waits and nothing was received', async () => {
  const { no, receive } = await setUp((fake) => sandboxTransferDecision(fake.platform, '/wechat-sandbox', 'cancel'))
  expect(await receive()).toMatchObject({ phase: 'cancelled', message: expect.stringContaining('随时可以再点「收款」') })
  expect((await merchant.queryTransferBill(no)).state).toBe('WAIT_USER_CONFIRM')
})

test('WeChat cannot pay the user: failed, in the server’s words', async () => {
  const { no, receive } = await setUp((fake) => sandboxTransferDecision(fake.platform, '/wechat-sandbox', 'fail', 'PAYEE_ACCOUNT_ABNORMAL'))
  expect(await receive()).toMatchObject({ phase: 'failed', transfer: { status: 'failed' } })
  expect((await merchant.queryTransferBill(no)).state).toBe('FAIL')
})

test('nothing to confirm yet (the bill is still being sent): not_ready, WeChat’s page not opened', async () => {
  const opened: string[] = []
  const { receive } = await setUp(() => async (url) => (opened.push(url), 'requestMerchantTransfer:ok'), { withoutPackage: true })
  expect((await receive()).phase).toBe('not_ready')
  expect(opened).toEqual([])
})

test('the H5 page is opened at the sandbox with mchId, appId and package', async () => {
  const opened: string[] = []
  const { receive } = await setUp(() => async (url) => (opened.push(url), 'requestMerchantTransfer:fail cancel'))
  await receive()
  const url = new URL(opened[0] ?? '', 'http://preview.test')
  expect(url.pathname).toBe('/wechat-sandbox/sandbox/transfer')
  expect(url.searchParams.get('mchId')).toBe(MCHID)
  expect(url.searchParams.get('appId')).toBe(APPID)
  expect(url.searchParams.get('package')).toMatch(/==$/)
  // …and that page exists and offers 确认收款.
  const page = await sandbox.fetch(new Request(`http://sandbox.test/sandbox/transfer${url.search}`))
  expect(page.status).toBe(200)
  expect(await page.text()).toContain('确认收款')
})

test('a host without wx.requestMerchantTransfer (an old WeChat: taro.test.ts): failed, with the unsupported error to show', async () => {
  const fake = createFakePlatform({ handler: async () => ({ body: { disbursement: { status: 'waiting_user', statusWord: '', amountFen: 1, confirm: { mchId: MCHID, appId: APPID, package: 'p==' } } } }) })
  const client = createApiClient({ platform: fake.platform, baseUrl: '/api', namespace: 't3' })
  // The fake platform, unscripted, is a host without the API (as taro.ts is for an old WeChat).
  const result = await receiveTransfer({ api: client, platform: fake.platform }, { path: '/loans/my/x/disbursement' })
  expect(result.phase).toBe('failed')
  expect(result.error?.code).toBe('unsupported')
  expect(fake.transfers).toHaveLength(1)
})

test('the fake platform scripts the page (setTransferOutcome) and records what it was given', async () => {
  const fake = createFakePlatform()
  let reads = 0
  const confirm = { mchId: MCHID, appId: APPID, package: 'scripted==' }
  // The server learns of the money on its third read (a late notification).
  fake.setHandler(() => ({ body: { disbursement: { status: ++reads >= 3 ? 'succeeded' : 'waiting_user', statusWord: '', amountFen: 100, confirm } } }))
  fake.setTransferOutcome('ok')
  const client = createApiClient({ platform: fake.platform, baseUrl: '/api', namespace: 't4' })
  const result = await receiveTransfer({ api: client, platform: fake.platform }, { path: '/loans/my/x/disbursement', pollDelaysMs: [5] })
  expect(result.phase).toBe('received')
  expect(fake.transfers).toEqual([confirm])
  expect(reads).toBe(3)
})
