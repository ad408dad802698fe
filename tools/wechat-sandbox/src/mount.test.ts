// In-process, as the API will run it: the sandbox mounted under a prefix of another Hono app,
// the client's base URL pointing at that prefix, over real HTTP.
import { Hono } from 'hono'
import { createWechatPayClient } from '@tianyuan/wechatpay'
import { mountWechatSandbox } from './mount'
import { listen, startReceiver, tempDir } from './test-helpers'

test('mounted at /wechat-sandbox, the real client pays and queries through the prefix', async () => {
  const app = new Hono()
  app.get('/api/health', (c) => c.json({ ok: true }))
  const sandbox = mountWechatSandbox(app, { dataDir: tempDir() + '/k', appId: 'wx-a', appSecret: 's', mchId: '1900000109', env: 'development' })!
  const server = await listen(app.fetch)
  const receiver = await startReceiver()
  try {
    const base = `${server.url}/wechat-sandbox`
    const client = createWechatPayClient({
      baseUrl: base,
      mchId: '1900000109',
      merchantSerial: sandbox.keys.merchantSerial,
      merchantPrivateKey: sandbox.keys.merchantPrivateKey,
      platformPublicKeys: { [sandbox.keys.platformSerial]: sandbox.keys.platformPublicKey },
      apiV3Key: sandbox.keys.apiV3Key,
    })
    const { prepay_id } = await client.jsapiPrepay({
      appid: 'wx-a',
      description: '农产品订单',
      out_trade_no: 'MOUNT000001',
      notify_url: receiver.url,
      amount: { total: 2500 },
      payer: { openid: sandbox.openidOf('张大爷') },
    })
    const page = await fetch(`${base}/sandbox/cashier?prepay_id=${prepay_id}`)
    expect(await page.text()).toContain('¥25.00')
    const res = await fetch(`${base}/sandbox/cashier/${prepay_id}/confirm`, {
      method: 'POST',
      body: JSON.stringify(client.buildRequestPaymentParams('wx-a', prepay_id)),
    })
    expect(await res.json()).toEqual({ errMsg: 'requestPayment:ok' })
    await receiver.waitFor(1)
    expect(client.parseNotification(receiver.received[0]!.headers, receiver.received[0]!.body).resource).toMatchObject({ trade_state: 'SUCCESS' })
    expect((await client.queryByOutTradeNo('MOUNT000001')).trade_state).toBe('SUCCESS')

    const code = ((await (await fetch(`${base}/sandbox/login`, { method: 'POST', body: '{"user":"张大爷"}' })).json()) as { code: string }).code
    const session = (await (await fetch(`${base}/sns/jscode2session?appid=wx-a&secret=s&js_code=${code}&grant_type=authorization_code`)).json()) as { openid: string }
    expect(session.openid).toBe(sandbox.openidOf('张大爷'))
  } finally {
    await sandbox.close()
    await receiver.close()
    await server.close()
  }
})
