// @tianyuan/ui's font-scale model on the compiled app: WeChat's font size and the app's 大字
// mode reach the page root as the CSS variable --ty-fs and the ty-fs classes, on every tab
// page; 大字 mode is remembered in this app's storage across restarts.
import fs from 'node:fs'
import path from 'node:path'
import { launchApp, type SimPage } from '@tianyuan/sim'

const dist = path.resolve(__dirname, '../../dist/weapp')
const HOME = 'pages/index/index'
const MINE = 'pages/mine/index'
const BIG_TEXT_KEY = 'ty:market:ui:bigText'
const ON = '大字模式：已打开'
const OFF = '大字模式：已关闭'

/** The scale the page root carries (style --ty-fs), as a number. */
function rootScale(page: SimPage): number {
  const style = page.get('.ty-page').component.dom?.getAttribute('style') ?? ''
  const match = /--ty-fs:\s*([\d.]+)/.exec(style)
  if (!match?.[1]) throw new Error(`the page root has no --ty-fs: style="${style}"`)
  return Number(match[1])
}

async function waitForScale(page: SimPage, scale: number): Promise<void> {
  await page.waitFor(() => rootScale(page) === scale)
}

describe('WeChat’s font size', () => {
  it('at the largest setting reaches the page root, with 大字 mode on top, on both tab pages', async () => {
    const sim = await launchApp({ dist, fontScale: 2 })
    const home = sim.page
    expect(rootScale(home)).toBe(2)
    expect(home.has('.ty-fs--large')).toBe(true)
    expect(home.has('.ty-fs--big')).toBe(false)
    expect(home.text('#big-text')).toBe(OFF)

    await home.tap('#big-text')
    await home.waitForText(ON, { selector: '#big-text' })
    expect(rootScale(home)).toBe(2.6) // 2 × 1.3
    expect(home.has('.ty-fs--big')).toBe(true)

    // the mode is the app's, not the page's: the other tab has it too
    const mine = await sim.switchTab(`/${MINE}`)
    expect(rootScale(mine)).toBe(2.6)
    expect(sim.errors).toEqual([])
    expect(sim.wx.unprovidedCalls).toEqual([])
  })

  it('is 1 at the standard setting', async () => {
    // (a restart in the same test file keeps the App, as a hot start would: the page re-reads on show)
    const sim = await launchApp({ dist })
    await waitForScale(sim.page, 1)
    expect(sim.page.has('.ty-fs--large')).toBe(false)
    expect(sim.page.text('#big-text')).toBe(OFF)
  })

  it('changed while the mini-program was in the background: the page follows when shown again', async () => {
    const sim = await launchApp({ dist, fontScale: 1 })
    await waitForScale(sim.page, 1)
    sim.moveToBackground()
    sim.wx.setFontScale(1.5)
    sim.moveToForeground()
    await waitForScale(sim.page, 1.5)
    expect(sim.page.has('.ty-fs--large')).toBe(true)
  })
})

describe('大字 mode', () => {
  it('is remembered across a restart, from this app’s storage', async () => {
    const first = await launchApp({ dist })
    await first.page.tap('#big-text')
    await first.page.waitForText(ON, { selector: '#big-text' })
    expect(first.wx.storage.get(BIG_TEXT_KEY)).toEqual({ found: true, data: true })

    const restarted = await launchApp({ dist, keepStorage: true })
    await restarted.page.waitForText(ON, { selector: '#big-text' })
    expect(rootScale(restarted.page)).toBe(1.3)

    // a fresh phone has it off: the mode comes from storage, not from memory
    const fresh = await launchApp({ dist })
    await fresh.page.waitForText(OFF, { selector: '#big-text' })
    expect(rootScale(fresh.page)).toBe(1)

    // and a phone that saved it on starts with it on
    const saved = await launchApp({ dist, storage: { [BIG_TEXT_KEY]: true } })
    await saved.page.waitForText(ON, { selector: '#big-text' })
    await saved.page.tap('#big-text')
    await saved.page.waitForText(OFF, { selector: '#big-text' })
    expect(saved.wx.storage.get(BIG_TEXT_KEY)).toEqual({ found: true, data: false })
  })
})

describe('我的 tab', () => {
  it('opens the cart, which says it is empty and what to do, and its button does it', async () => {
    const sim = await launchApp({ dist, url: `/${MINE}` })
    expect(sim.page.text('#my-orders')).toBe('我的订单')
    await sim.page.tap('#my-cart')
    const cart = await sim.waitForPage('pkg/pages/cart/index')
    await cart.waitForText('购物车是空的')
    expect(cart.text('#cart-empty')).toContain('没网的时候也不会丢')
    await cart.getByText('去首页逛逛').tap()
    await sim.waitForPage(HOME)
    expect(sim.routes).toEqual([HOME])
    expect(sim.errors).toEqual([])
  })
})

describe('the compiled styles', () => {
  it('size every font on the tab pages and in @tianyuan/ui by --ty-fs, so text grows with the setting', () => {
    const sheets = ['common.wxss', 'pages/index/index.wxss', 'pages/mine/index.wxss'].map((f) => path.join(dist, f)).filter((f) => fs.existsSync(f))
    const css = sheets.map((f) => fs.readFileSync(f, 'utf8')).join('\n')
    expect(css).toContain('.ty-fs{')
    const fixed = [...css.matchAll(/([^{}]+)\{[^}]*?font-size:([^;}]+)/g)].filter(([, , value]) => !value?.includes('var(--ty-fs')).map(([, selector, value]) => `${selector?.trim()} { font-size:${value} }`)
    expect(fixed).toEqual([])
  })
})
