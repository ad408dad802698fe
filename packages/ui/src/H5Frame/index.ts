/**
 * What WeChat draws around a mini-program and Taro's H5 build does not, for the preview (H5
 * only; `installH5Frame()` does nothing elsewhere and a weapp bundle drops this module):
 *
 * - the navigation bar: Taro's H5 router draws one when the app config's window says
 *   `navigationStyle: 'default'` (tools/taro-config does): the page's navigationBarTitleText, a
 *   way back on sub-pages, and home after a reload deep in the app, where there is no history.
 *   Here it gets words (‹ 返回 / ‹ 首页, not bare icons), a size an older user can tap, a
 *   heading and buttons a screen reader announces, and Enter/Space from a keyboard;
 * - 页面不存在 with a link home for an address no page answers (Taro renders nothing);
 * - 页面没有打开 with 重试 when a page's code cannot be downloaded (offline), retried from the
 *   network on the tap (page-load.ts).
 * - the page 返回 went back to stays on screen however soon after opening the tap came (Taro's
 *   router would blank it with a late timer: page-shade.ts).
 */
import Taro from '@tarojs/taro'
import { retryingChunkLoader, type ChunkLoader } from './page-load'
import { keepTopPageUnshaded } from './page-shade'

export { isChunkLoadError, retryingChunkLoader } from './page-load'
export type { ChunkLoader, PageLoadFailure } from './page-load'

// webpack's runtime, when this runs inside a webpack bundle (it replaces the name itself).
declare const __webpack_require__: { e?: ChunkLoader } | undefined

/** The ids of what this module puts on the page, for tests and styles. */
export const H5_FRAME_IDS = { notFound: 'ty-not-found', pageLoadFailed: 'ty-page-load-failed' } as const

const STYLE = `
#taro-navigation-bar.taro-navigation-bar-show{box-sizing:border-box;min-height:48px;padding:env(safe-area-inset-top) 96px 0;font-family:sans-serif}
#taro-navigation-bar .taro-navigation-bar-title-wrap{height:auto}
#taro-navigation-bar .taro-navigation-bar-title{height:auto;max-width:none;margin:0;font-size:calc(18px * var(--ty-fs, 1));font-weight:bold;line-height:48px}
#taro-navigation-bar .taro-navigation-bar-back,#taro-navigation-bar .taro-navigation-bar-home{top:0;bottom:0;left:0;width:auto;height:auto;min-width:48px;padding:0 12px;align-items:center;gap:4px;font-size:calc(17px * var(--ty-fs, 1));cursor:pointer}
#taro-navigation-bar .taro-navigation-bar-back svg,#taro-navigation-bar .taro-navigation-bar-home svg{display:none}
#taro-navigation-bar [role=button]:focus-visible{outline:3px solid #fff;outline-offset:-6px}
.ty-h5-sheet{position:fixed;inset:0;z-index:600;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:16px;padding:32px;background:#f5f5f0;color:#1f1f1f;font:calc(18px * var(--ty-fs, 1))/1.6 sans-serif;text-align:center}
.ty-h5-sheet h1{margin:0;font-size:1.25em}
.ty-h5-sheet p{margin:0}
.ty-h5-sheet a,.ty-h5-sheet button{min-width:160px;min-height:48px;padding:8px 24px;border:0;border-radius:8px;background:var(--ty-h5-theme,#2f7d32);color:#fff;font-size:1em;text-decoration:none;line-height:1.8;cursor:pointer}
.ty-h5-sheet button.ty-h5-sheet__secondary{background:#fff;color:#1f1f1f;border:1px solid #999}
`

interface TaroAppConfigOnWindow {
  router?: { basename?: string }
  window?: { navigationBarBackgroundColor?: string }
}

const appConfig = (): TaroAppConfigOnWindow => (window as unknown as { __taroAppConfig?: TaroAppConfigOnWindow }).__taroAppConfig ?? {}

let installed = false

/** Sets up the H5 frame once, before the router's first page: call it at app start (AppProviders does). */
export function installH5Frame(): void {
  if (process.env.TARO_ENV !== 'h5' || installed || typeof document === 'undefined') return
  installed = true
  const style = document.createElement('style')
  style.textContent = STYLE
  document.head.appendChild(style)
  Taro.eventCenter.on('__taroRouterChange', () => {
    enhanceNavigationBar()
    hideSheet(H5_FRAME_IDS.notFound)
  })
  Taro.eventCenter.on('__taroRouterNotFound', showNotFound)
  // A quick 返回 must not leave the page it went back to blank (page-shade.ts).
  keepTopPageUnshaded(document.documentElement, () => {
    // On H5 a stack entry's `path` (untyped: Taro's Page type has only `route`) is its container's id.
    const top: unknown = Taro.getCurrentPages().slice(-1)[0]?.path
    return typeof top === 'string' ? top : undefined
  })
  if (typeof __webpack_require__ !== 'undefined' && typeof __webpack_require__.e === 'function') {
    __webpack_require__.e = retryingChunkLoader(__webpack_require__.e, { waitForRetry: showPageLoadFailed })
  }
}

/** Gives Taro's bar words, tap size and roles (once; Taro only toggles its classes after). */
function enhanceNavigationBar(): void {
  const bar = document.getElementById('taro-navigation-bar')
  if (!bar || bar.dataset.tyEnhanced) return
  bar.dataset.tyEnhanced = 'true'
  const title = bar.querySelector('.taro-navigation-bar-title')
  title?.setAttribute('role', 'heading')
  title?.setAttribute('aria-level', '1')
  const button = (selector: string, text: string, label: string) => {
    const el = bar.querySelector<HTMLElement>(selector)
    if (!el) return
    el.id = `ty-nav-${selector.endsWith('home') ? 'home' : 'back'}`
    el.setAttribute('role', 'button')
    el.setAttribute('tabindex', '0')
    el.setAttribute('aria-label', label)
    const mark = document.createElement('span')
    mark.setAttribute('aria-hidden', 'true')
    mark.textContent = '‹'
    const words = document.createElement('span')
    words.textContent = text
    el.append(mark, words)
    el.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return
      event.preventDefault()
      el.click()
    })
  }
  button('.taro-navigation-bar-back', '返回', '返回')
  // After a reload deep in the app there is no page to go back to: Taro shows home instead.
  button('.taro-navigation-bar-home', '首页', '返回首页')
}

function sheet(id: string, role?: 'alert'): HTMLElement {
  hideSheet(id)
  document.getElementById('ty-boot')?.remove()
  const el = document.createElement(role ? 'div' : 'main')
  el.id = id
  el.className = 'ty-h5-sheet'
  if (role) el.setAttribute('role', role)
  el.style.setProperty('--ty-h5-theme', appConfig().window?.navigationBarBackgroundColor ?? '#2f7d32')
  document.body.appendChild(el)
  return el
}

function hideSheet(id: string): void {
  document.getElementById(id)?.remove()
}

function showNotFound(): void {
  const el = sheet(H5_FRAME_IDS.notFound)
  const home = `${appConfig().router?.basename ?? ''}/`
  el.innerHTML = '<h1>页面不存在</h1><p>这个地址没有对应的页面，可能写错了，或页面已经不在了。</p>'
  const link = document.createElement('a')
  link.href = home
  link.id = 'ty-not-found-home'
  link.textContent = '回到首页'
  el.appendChild(link)
}

// Every load waiting for 重试 (several chunks of one page fail together: JS and CSS).
let waiting: (() => void)[] = []

function showPageLoadFailed(): Promise<void> {
  return new Promise<void>((resolve) => {
    waiting.push(resolve)
    if (document.getElementById(H5_FRAME_IDS.pageLoadFailed)) return
    const el = sheet(H5_FRAME_IDS.pageLoadFailed, 'alert')
    el.innerHTML = '<h1>页面没有打开，请检查网络后重试</h1>'
    const retry = document.createElement('button')
    retry.type = 'button'
    retry.id = 'ty-page-load-retry'
    retry.textContent = '重试'
    retry.onclick = () => {
      hideSheet(H5_FRAME_IDS.pageLoadFailed)
      const resume = waiting
      waiting = []
      for (const r of resume) r()
    }
    const back = document.createElement('button')
    back.type = 'button'
    back.className = 'ty-h5-sheet__secondary'
    back.textContent = '返回'
    back.onclick = () => {
      // Give up on this page: its loads never finish (a late success must not open it now).
      hideSheet(H5_FRAME_IDS.pageLoadFailed)
      waiting = []
      window.history.back()
    }
    el.append(retry, back)
    retry.focus()
  })
}
