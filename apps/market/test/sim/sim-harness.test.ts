// The harness's own behaviour against a real compiled Taro app (market's dist/weapp): page
// stack, router refusals, query passing, and Taro's API calls reaching the fake wx.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { forwardTo, launchApp, notProvidedMessage, type SimApp } from '@tianyuan/sim'

const dist = path.resolve(__dirname, '../../dist/weapp')
const HOME = 'pages/index/index'
const MINE = 'pages/mine/index'
const ABOUT = 'pkg/pages/about/index'

type TaroFn = (...args: unknown[]) => Promise<Record<string, unknown>>

function taroApi(sim: SimApp, name: string): TaroFn {
  return sim.bundledTaro()[name] as TaroFn
}

describe('page stack', () => {
  it('follows navigateTo, redirectTo, navigateBack, switchTab and reLaunch, and getCurrentPages agrees', async () => {
    const sim = await launchApp({ dist })
    const home = sim.page
    const routesOfCurrentPages = (): string[] => getCurrentPages().map((p) => p.route)

    const about1 = await sim.navigateTo(`/${ABOUT}?n=1`)
    const about2 = await sim.navigateTo(`/${ABOUT}?n=2`)
    expect(routesOfCurrentPages()).toEqual([HOME, ABOUT, ABOUT])
    expect(sim.pages).toEqual([home, about1, about2])

    const about3 = await sim.redirectTo(`/${ABOUT}?n=3`)
    expect(about2.unloaded).toBe(true)
    expect(sim.pages).toEqual([home, about1, about3])

    await sim.navigateBack(5) // more than the stack holds: WeChat stops at the first page
    expect(sim.pages).toEqual([home])
    expect(about1.unloaded && about3.unloaded).toBe(true)

    await sim.navigateTo(`/${ABOUT}`)
    const mine = await sim.switchTab(`/${MINE}?ignored=1`)
    expect(routesOfCurrentPages()).toEqual([MINE])
    expect(mine.query).toEqual({})
    expect(home.unloaded).toBe(false) // a tab page stays alive after switching away
    expect(await sim.switchTab(`/${HOME}`)).toBe(home)

    sim.lifecycle.length = 0
    const relaunched = await sim.reLaunch(`/${MINE}`)
    expect(relaunched).not.toBe(mine)
    expect(home.unloaded && mine.unloaded).toBe(true)
    expect(sim.lifecycle).toEqual([`${HOME} onUnload`, `${MINE} onUnload`, `${MINE} onLoad`, `${MINE} onShow`, `${MINE} onReady`])
    expect(sim.navigations.slice(-2)).toEqual([`switchTab ${HOME}`, `reLaunch ${MINE}`])
  })

  it('refuses what WeChat refuses, leaving the stack as it was', async () => {
    const sim = await launchApp({ dist })
    await expect(sim.navigateBack()).rejects.toThrow('navigateBack:fail cannot navigate back at first page.')
    await expect(sim.navigateTo(`/${MINE}`)).rejects.toThrow('navigateTo:fail can not navigateTo a tabbar page')
    await expect(sim.redirectTo('/pages/nowhere/index')).rejects.toThrow('redirectTo:fail page "pages/nowhere/index" is not found')
    await expect(sim.switchTab(`/${ABOUT}`)).rejects.toThrow('switchTab:fail can not switch to no-tabBar page')
    expect(sim.routes).toEqual([HOME])

    for (let i = 1; i < 10; i++) await sim.navigateTo(`/${ABOUT}?n=${i}`)
    expect(sim.routes).toHaveLength(10)
    await expect(sim.navigateTo(`/${ABOUT}?n=10`)).rejects.toThrow('navigateTo:fail webview count limit exceed')
    expect(sim.routes).toHaveLength(10)
  })

  it('passes the query to onLoad and to Taro’s router unchanged, and resolves relative urls', async () => {
    const sim = await launchApp({ dist, url: `/${ABOUT}?id=42&name=%E7%94%B0` })
    expect(sim.page.instance.options).toEqual({ id: '42', name: '%E7%94%B0' })
    const taro = sim.bundledTaro() as { getCurrentInstance: () => { router?: { path: string; params: Record<string, string> } } }
    expect(taro.getCurrentInstance().router).toMatchObject({ path: `/${ABOUT}`, params: { id: '42', name: '%E7%94%B0' } })
    // a relative url is taken from the navigating page's folder
    const next = await sim.navigateTo('./index?from=relative')
    expect(next.route).toBe(ABOUT)
    expect(next.query).toEqual({ from: 'relative' })
  })

  it('hides and shows the page on top when the user leaves WeChat and comes back', async () => {
    const sim = await launchApp({ dist })
    sim.lifecycle.length = 0
    sim.moveToBackground()
    sim.moveToForeground()
    expect(sim.lifecycle).toEqual([`${HOME} onHide`, `${HOME} onShow`])
  })
})

describe('finding and tapping', () => {
  it('finds an element by its text and taps it; an unknown selector names the page', async () => {
    const sim = await launchApp({ dist })
    await sim.page.getByText('大字模式：已关闭').tap()
    await sim.page.waitForText('大字模式：已打开', { selector: '#big-text' })
    expect(sim.page.getAllByText(/^大字模式/)).toHaveLength(1)
    expect(() => sim.page.get('#no-such-thing')).toThrow(`no element matches "#no-such-thing" on ${HOME}`)
    expect(sim.page.has('#about')).toBe(true)
  })

  it('settle: a tap on plain text changes nothing, a tap on the button has landed once settled', async () => {
    const sim = await launchApp({ dist })
    // the network line arrives in a second render after launch: let that land first
    await sim.page.waitForText('当前网络', { selector: '#network' })
    await sim.page.settle()
    const before = sim.page.setDataCount
    await sim.page.tap('#purpose')
    await sim.page.settle()
    expect(sim.page.setDataCount).toBe(before)
    await sim.page.tap('#big-text')
    await sim.page.settle()
    expect(sim.page.setDataCount).toBeGreaterThan(before)
    expect(sim.page.text('#big-text')).toBe('大字模式：已打开')
  })
})

describe('Taro’s APIs reach the fake wx', () => {
  it('storage: set and read back through Taro, a missing key rejects as in WeChat', async () => {
    const sim = await launchApp({ dist, storage: { seeded: { v: 1 } } })
    await taroApi(sim, 'setStorage')({ key: 'cart', data: [{ id: 3, qty: 2 }] })
    expect(sim.wx.storage.get('cart')).toEqual({ found: true, data: [{ id: 3, qty: 2 }] })
    expect((sim.bundledTaro().getStorageSync as (k: string) => unknown)('seeded')).toEqual({ v: 1 })
    await expect(taroApi(sim, 'getStorage')({ key: 'nothing' })).rejects.toMatchObject({ errMsg: 'getStorage:fail data not found' })

    // a restart can keep the phone's storage
    const again = await launchApp({ dist, keepStorage: true })
    expect(again.wx.storage.info().keys.sort()).toEqual(['cart', 'seeded'])
    const fresh = await launchApp({ dist })
    expect(fresh.wx.storage.info().keys).toEqual([])
  })

  it('request goes to the test’s fetch handler, and fails offline', async () => {
    const sim = await launchApp({
      dist,
      fetch: (req) => Response.json({ path: new URL(req.url).pathname, auth: req.headers.get('authorization') }),
    })
    const request = taroApi(sim, 'request')
    await expect(request({ url: 'https://api.tianyuan.example/goods', header: { Authorization: 'Bearer t' } })).resolves.toMatchObject({
      statusCode: 200,
      data: { path: '/goods', auth: 'Bearer t' },
    })
    sim.wx.switchNetwork('none')
    await expect(request({ url: 'https://api.tianyuan.example/goods' })).rejects.toMatchObject({ errMsg: 'request:fail net::ERR_INTERNET_DISCONNECTED' })
    // (only this test's requests: the home page asks the API for its own content meanwhile)
    expect(sim.wx.requests.filter((r) => r.url.endsWith('/goods')).map((r) => r.status ?? r.error)).toEqual([200, 'request:fail net::ERR_INTERNET_DISCONNECTED'])
  })

  it('request can go over loopback to a real HTTP server', async () => {
    const server = http.createServer((req, res) => res.end(JSON.stringify({ url: req.url, method: req.method })))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const sim = await launchApp({ dist, fetch: forwardTo(`http://127.0.0.1:${(server.address() as AddressInfo).port}`) })
      await expect(taroApi(sim, 'request')({ url: 'https://api.tianyuan.example/health?x=1', method: 'POST', data: { a: 1 } })).resolves.toMatchObject({
        statusCode: 200,
        data: { url: '/health?x=1', method: 'POST' },
      })
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('login, payment, modal, toast and font scale answer as the test scripted', async () => {
    const sim = await launchApp({ dist, fontScale: 1.25 })
    sim.wx.setLoginCodes(() => 'code-for-test')
    await expect(taroApi(sim, 'login')()).resolves.toMatchObject({ code: 'code-for-test' })

    sim.wx.setPaymentOutcome('cancel')
    const pay = { timeStamp: '1', nonceStr: 'n', package: 'prepay_id=wx1', signType: 'RSA', paySign: 'sig' }
    await expect(taroApi(sim, 'requestPayment')(pay)).rejects.toMatchObject({ errMsg: 'requestPayment:fail cancel' })

    sim.wx.answerModals('cancel')
    await expect(taroApi(sim, 'showModal')({ title: '确认下单？' })).resolves.toMatchObject({ confirm: false, cancel: true })
    await taroApi(sim, 'showToast')({ title: '已收藏', icon: 'none' })
    expect(sim.wx.toasts.map((t) => t.title)).toEqual(['已收藏'])

    const info = (sim.bundledTaro().getSystemInfoSync as () => Record<string, unknown>)()
    expect(info).toMatchObject({ fontSizeScaleFactor: 1.25, fontSizeSetting: 20 })
  })

  it('an API the harness does not provide fails loudly, naming it, async and sync alike', async () => {
    const sim = await launchApp({ dist })
    await expect(taroApi(sim, 'scanCode')()).rejects.toThrow(notProvidedMessage('scanCode'))
    expect(() => (sim.bundledTaro().getBatteryInfoSync as () => unknown)()).toThrow('wx.getBatteryInfoSync is not provided by @tianyuan/sim')
    expect(sim.wx.unprovidedCalls).toEqual(['scanCode', 'getBatteryInfoSync'])
  })
})
