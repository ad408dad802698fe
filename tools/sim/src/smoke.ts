import { launchApp, type LaunchOptions, type SimApp } from './mini-program'
import type { TextMatcher } from './page'

/**
 * The shape every Tianyuan app shares: a home tab with #purpose, #network, #big-text and
 * #about, an about page in a subpackage with #about-text and #back, and a mine tab with
 * #mine-title.
 */
export interface AppSmokeOptions extends LaunchOptions {
  /** What #purpose should say; by default any non-empty text. */
  purpose?: TextMatcher
  home?: string
  about?: string
  mine?: string
}

const HOME = 'pages/index/index'
const ABOUT = 'pkg/pages/about/index'
const MINE = 'pages/mine/index'

const BIG_TEXT_OFF = '大字模式：已关闭'
const BIG_TEXT_ON = '大字模式：已打开'
// The SDK's wording (describeNetworkState) for each connection this smoke switches to.
const NETWORK_LINE = {
  wifi: /^当前网络：Wi-Fi$/,
  '2g': /^当前网络：2G/,
  none: /^当前网络：.*(没有网络|未连接)/,
} as const

/**
 * Boots the app and walks the shared smoke path, asserting with Jest's `expect`:
 * home renders and says what the app is for; the network line follows the phone
 * (wifi → 2g → none → wifi); the big-text button toggles; #about opens the subpackage page
 * on top of home and #back returns to the same home page, state kept; the tab bar switches
 * to mine and back to the same (kept-alive) home page; no unprovided wx API was called.
 * Resolves with the app for any app-specific checks after it.
 */
export async function runAppSmoke(options: AppSmokeOptions): Promise<SimApp> {
  const home = options.home ?? HOME
  const about = options.about ?? ABOUT
  const mine = options.mine ?? MINE
  const sim = await launchApp({ url: `/${home}`, ...options })
  const homePage = sim.page
  expect(sim.routes).toEqual([home])
  expect(getCurrentPages()).toEqual([homePage.instance])

  // Purpose
  const purpose = homePage.text('#purpose')
  expect(purpose).not.toBe('')
  if (options.purpose) expect(purpose).toEqual(typeof options.purpose === 'string' ? options.purpose : expect.stringMatching(options.purpose))

  // Network line follows the phone's connection
  await homePage.waitForText(NETWORK_LINE.wifi, { selector: '#network' })
  const seen = new Set<string>()
  for (const type of ['2g', 'none', 'wifi'] as const) {
    sim.wx.switchNetwork(type)
    seen.add(await homePage.waitForText(NETWORK_LINE[type], { selector: '#network' }))
  }
  expect(seen.size).toBe(3)

  // A tap changes state, and a second tap changes it back
  expect(homePage.text('#big-text')).toBe(BIG_TEXT_OFF)
  await homePage.tap('#big-text')
  await homePage.waitForText(BIG_TEXT_ON, { selector: '#big-text' })
  await homePage.tap('#big-text')
  await homePage.waitForText(BIG_TEXT_OFF, { selector: '#big-text' })
  await homePage.tap('#big-text')
  await homePage.waitForText(BIG_TEXT_ON, { selector: '#big-text' })

  // To the subpackage page and back: home is hidden, not reloaded
  sim.lifecycle.length = 0
  await homePage.tap('#about')
  const aboutPage = await sim.waitForPage(about)
  expect(sim.routes).toEqual([home, about])
  expect(getCurrentPages().map((p) => p.route)).toEqual([home, about])
  expect(aboutPage.text('#about-text')).not.toBe('')
  await aboutPage.tap('#back')
  await sim.waitForPage(home)
  expect(sim.page).toBe(homePage)
  expect(aboutPage.unloaded).toBe(true)
  expect(sim.lifecycle).toEqual([`${home} onHide`, `${about} onLoad`, `${about} onShow`, `${about} onReady`, `${about} onUnload`, `${home} onShow`])
  expect(homePage.text('#big-text')).toBe(BIG_TEXT_ON)

  // The tab bar: to mine and back to the same home page
  const minePage = await sim.switchTab(`/${mine}`)
  expect(sim.routes).toEqual([mine])
  expect(minePage.text('#mine-title')).not.toBe('')
  const homeAgain = await sim.switchTab(`/${home}`)
  expect(homeAgain).toBe(homePage)
  expect(sim.routes).toEqual([home])
  expect(homePage.text('#big-text')).toBe(BIG_TEXT_ON)
  // and the home page still answers taps
  await homePage.tap('#big-text')
  await homePage.waitForText(BIG_TEXT_OFF, { selector: '#big-text' })

  expect(sim.errors).toEqual([])
  expect(sim.wx.unprovidedCalls).toEqual([])
  return sim
}
