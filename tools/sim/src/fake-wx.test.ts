import { SimWx, notProvidedMessage } from './fake-wx'
import type { WxResult } from './callbacks'

// Calls a callback-style wx API and resolves with whichever of success/fail answered.
function call(api: unknown, opts: Record<string, unknown> = {}): Promise<{ ok: boolean; result: WxResult }> {
  return new Promise((resolve) => {
    ;(api as (o: unknown) => unknown)({
      ...opts,
      success: (result: WxResult) => resolve({ ok: true, result }),
      fail: (result: WxResult) => resolve({ ok: false, result }),
    })
  })
}

type Fn = (...args: unknown[]) => unknown

describe('SimWx storage APIs', () => {
  it('shares one store between the sync and async forms, with WeChat results for missing keys', async () => {
    const wx = new SimWx()
    const api = wx.api as Record<string, Fn>
    api.setStorageSync!('token', { v: 1 })
    expect(await call(api.getStorage, { key: 'token' })).toEqual({ ok: true, result: { data: { v: 1 }, errMsg: 'getStorage:ok' } })
    await call(api.removeStorage, { key: 'token' })
    expect(api.getStorageSync!('token')).toBe('')
    expect(await call(api.getStorage, { key: 'token' })).toEqual({ ok: false, result: { errMsg: 'getStorage:fail data not found' } })
  })

  it('fails a write over the per-key limit: the sync form throws, the async form calls fail', async () => {
    const wx = new SimWx()
    const api = wx.api as Record<string, Fn>
    const big = 'x'.repeat(1024 * 1024)
    expect(() => api.setStorageSync!('big', big)).toThrow('setStorageSync:fail exceed storage item max length')
    expect(await call(api.setStorage, { key: 'big', data: big })).toEqual({ ok: false, result: { errMsg: 'setStorage:fail exceed storage item max length' } })
    expect(api.getStorageInfoSync!()).toMatchObject({ keys: [] })
  })

  it('returns a promise when no callback is given', async () => {
    const wx = new SimWx()
    const api = wx.api as Record<string, Fn>
    await api.setStorage!({ key: 'k', data: 'v' })
    await expect(api.getStorage!({ key: 'k' })).resolves.toMatchObject({ data: 'v' })
    await expect(api.getStorage!({ key: 'nope' })).rejects.toMatchObject({ errMsg: 'getStorage:fail data not found' })
  })
})

describe('SimWx request', () => {
  it('routes to the fetch handler and answers success for any HTTP status', async () => {
    const wx = new SimWx()
    const seen: string[] = []
    wx.setFetchHandler(async (req) => {
      seen.push(`${req.method} ${req.url} ${req.headers.get('content-type')} ${await req.text()}`)
      return Response.json({ error: 'sold out' }, { status: 409 })
    })
    const { ok, result } = await call(wx.api.request, { url: 'https://api.test/orders', method: 'POST', data: { id: 7 } })
    expect(ok).toBe(true)
    expect(result).toMatchObject({ statusCode: 409, data: { error: 'sold out' }, errMsg: 'request:ok' })
    expect(seen).toEqual(['POST https://api.test/orders application/json {"id":7}'])
    expect(wx.requests).toEqual([{ api: 'request', method: 'POST', url: 'https://api.test/orders', status: 409 }])
  })

  it('puts GET data in the query string', async () => {
    const wx = new SimWx()
    wx.setFetchHandler((req) => new Response(new URL(req.url).search))
    const { result } = await call(wx.api.request, { url: 'https://api.test/goods?page=1', data: { q: '鸡蛋' } })
    expect(result.data).toBe('?page=1&q=%E9%B8%A1%E8%9B%8B')
  })

  it('fails offline, on a relative url, and on timeout, without reaching the handler', async () => {
    const wx = new SimWx()
    let calls = 0
    wx.setFetchHandler(() => {
      calls++
      return new Promise<Response>(() => undefined) // never answers
    })
    expect((await call(wx.api.request, { url: '/api/goods' })).result.errMsg).toBe('request:fail invalid url "/api/goods"')
    wx.switchNetwork('none')
    expect((await call(wx.api.request, { url: 'https://api.test/goods' })).result.errMsg).toBe('request:fail net::ERR_INTERNET_DISCONNECTED')
    expect(calls).toBe(0)
    wx.switchNetwork('4g')
    expect((await call(wx.api.request, { url: 'https://api.test/goods', timeout: 30 })).result.errMsg).toBe('request:fail timeout')
    expect(calls).toBe(1)
  })

  it('uploads a file from the fake file system and downloads into it', async () => {
    const wx = new SimWx()
    wx.setFetchHandler(async (req) => {
      if (req.method === 'GET') return new Response(new Uint8Array([1, 2, 3]))
      const form = await req.formData()
      const file = form.get('photo') as File
      return new Response(`${form.get('goodsId')} ${file.name} ${file.size}`)
    })
    wx.files.set('wxfile://tmp_photo.jpg', new Uint8Array(10))
    const up = await call(wx.api.uploadFile, { url: 'https://api.test/upload', filePath: 'wxfile://tmp_photo.jpg', name: 'photo', formData: { goodsId: 9 } })
    expect(up.result).toMatchObject({ statusCode: 200, data: '9 tmp_photo.jpg 10' })
    const down = await call(wx.api.downloadFile, { url: 'https://api.test/a.jpg' })
    expect(down.result).toMatchObject({ statusCode: 200, tempFilePath: 'wxfile://tmp_1' })
    expect([...wx.files.get('wxfile://tmp_1')!]).toEqual([1, 2, 3])
    expect((await call(wx.api.uploadFile, { url: 'https://api.test/upload', filePath: 'wxfile://missing' })).result.errMsg).toBe('uploadFile:fail file not found: wxfile://missing')
  })
})

describe('SimWx scripted user and device', () => {
  it('hands out login codes from the test provider, and fails login when it throws', async () => {
    const wx = new SimWx()
    expect((await call(wx.api.login)).result).toEqual({ code: 'sim-login-code-1', errMsg: 'login:ok' })
    wx.setLoginCodes(() => 'code-for-alice')
    expect((await call(wx.api.login)).result.code).toBe('code-for-alice')
    wx.setLoginCodes(() => {
      throw new Error('system error')
    })
    expect(await call(wx.api.login)).toEqual({ ok: false, result: { errMsg: 'login:fail system error' } })
    expect(wx.loginCodes).toEqual(['sim-login-code-1', 'code-for-alice'])
  })

  it('answers wx.requestSubscribeMessage with 允许 per template, after WeChat\'s 1–3 ids check', async () => {
    const wx = new SimWx()
    expect((await call(wx.api.requestSubscribeMessage, { tmplIds: ['a', 'b'] })).result).toEqual({ a: 'accept', b: 'accept', errMsg: 'requestSubscribeMessage:ok' })
    expect((await call(wx.api.requestSubscribeMessage, { tmplIds: ['a', 'b', 'c', 'd'] })).result).toEqual({ errCode: 20003, errMsg: 'requestSubscribeMessage:fail Templates count out of max bounds' })
    expect((await call(wx.api.requestSubscribeMessage, { tmplIds: [] })).result.errCode).toBe(10001)
    expect(wx.subscribeRequests).toEqual([['a', 'b']])
  })

  it('answers payment ok, cancel or fail as scripted, and checks the required fields', async () => {
    const wx = new SimWx()
    const params = { timeStamp: '1', nonceStr: 'n', package: 'prepay_id=1', signType: 'RSA', paySign: 's' }
    expect((await call(wx.api.requestPayment, params)).result.errMsg).toBe('requestPayment:ok')
    wx.setPaymentOutcome('cancel')
    expect((await call(wx.api.requestPayment, params)).result.errMsg).toBe('requestPayment:fail cancel')
    wx.setPaymentOutcome('fail')
    expect((await call(wx.api.requestPayment, params)).ok).toBe(false)
    expect((await call(wx.api.requestPayment, { ...params, paySign: undefined })).result.errMsg).toMatch(/parameter\.paySign/)
    expect(wx.payments.map((p) => p.outcome)).toEqual(['ok', 'cancel', 'fail'])
  })

  it('records modals and answers them as scripted', async () => {
    const wx = new SimWx()
    expect((await call(wx.api.showModal, { title: '删除商品？' })).result).toMatchObject({ confirm: true, cancel: false })
    wx.answerModals((modal) => (modal.title.includes('删除') ? 'cancel' : 'confirm'))
    expect((await call(wx.api.showModal, { title: '删除商品？' })).result).toMatchObject({ confirm: false, cancel: true })
    expect((await call(wx.api.showModal, { title: '提示', showCancel: false, content: '已保存' })).result.confirm).toBe(true)
    wx.answerModals({ confirm: true, content: '三斤' })
    expect((await call(wx.api.showModal, { title: '数量', editable: true })).result.content).toBe('三斤')
    expect(wx.modals.map((m) => m.title)).toEqual(['删除商品？', '删除商品？', '提示', '数量'])
  })

  it('keeps one toast-or-loading slot, as WeChat does', async () => {
    const wx = new SimWx()
    await call(wx.api.showLoading, { title: '加载中' })
    expect(wx.loading).toEqual({ title: '加载中', mask: false })
    await call(wx.api.showToast, { title: '已下单', icon: 'success' })
    expect(wx.loading).toBeUndefined()
    expect(wx.toasts).toEqual([{ title: '已下单', icon: 'success', duration: 1500, mask: false }])
  })

  it('reports the font scale the test sets in every system-info API', () => {
    const wx = new SimWx()
    const api = wx.api as Record<string, Fn>
    wx.setFontScale(1.5)
    expect(api.getSystemInfoSync!()).toMatchObject({ fontSizeScaleFactor: 1.5, fontSizeSetting: 24, platform: 'android' })
    expect(api.getAppBaseInfo!()).toMatchObject({ fontSizeScaleFactor: 1.5, fontSizeSetting: 24 })
    expect(api.getWindowInfo!()).toHaveProperty('windowWidth')
    expect(api.getWindowInfo!()).not.toHaveProperty('fontSizeSetting')
  })

  it('reports network changes through getNetworkType and the listeners, until off is called', async () => {
    const wx = new SimWx()
    const heard: string[] = []
    const listener = (e: { networkType: string; isConnected: boolean }): void => void heard.push(`${e.networkType}/${e.isConnected}`)
    ;(wx.api.onNetworkStatusChange as Fn)(listener)
    wx.switchNetwork('2g')
    expect((await call(wx.api.getNetworkType)).result).toMatchObject({ networkType: '2g', weakNet: true })
    wx.switchNetwork('none')
    ;(wx.api.offNetworkStatusChange as Fn)(listener)
    wx.switchNetwork('wifi')
    expect(heard).toEqual(['2g/true', 'none/false'])
  })
})

describe('SimWx APIs it does not provide', () => {
  it('throws naming the API, records the call, and says so through canIUse', () => {
    const wx = new SimWx(['scanCode', 'getStorageSync'])
    const api = wx.api as Record<string, Fn>
    expect(() => api.scanCode!({})).toThrow(notProvidedMessage('scanCode'))
    expect(notProvidedMessage('scanCode')).toBe('wx.scanCode is not provided by @tianyuan/sim')
    expect(wx.unprovidedCalls).toEqual(['scanCode'])
    expect(api.canIUse!('scanCode')).toBe(false)
    expect(api.canIUse!('getStorageSync')).toBe(true)
    wx.provide('scanCode', () => 'ok')
    expect(api.scanCode!()).toBe('ok')
    expect(api.canIUse!('scanCode')).toBe(true)
  })
})
