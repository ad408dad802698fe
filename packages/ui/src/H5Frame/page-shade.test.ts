/** @jest-environment jsdom */
import { keepTopPageUnshaded, PAGE_SHADE_CLASS } from './page-shade'

const HOME = '/market/pages/index/index?stamp=AA'
const ABOUT = '/market/pkg/pages/about/index?stamp=AB'

/** Taro's page containers, as its H5 router lays them out. */
function router(): { home: HTMLElement; about: HTMLElement } {
  document.body.innerHTML = ''
  const root = document.createElement('div')
  root.className = 'taro_router'
  const page = (id: string) => {
    const el = document.createElement('div')
    el.id = id
    el.className = 'taro_page taro_page_show taro_page_stationed'
    root.appendChild(el)
    return el
  }
  const pages = { home: page(HOME), about: page(ABOUT) }
  document.body.appendChild(root)
  return pages
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0))
const shaded = (el: HTMLElement) => el.classList.contains(PAGE_SHADE_CLASS)

describe('keeping the page on top of the stack on screen (H5)', () => {
  it('takes off a shade that a late timer puts on the page 返回 went back to, before the next paint', async () => {
    const { home } = router()
    let stack = [HOME, ABOUT]
    const stop = keepTopPageUnshaded(document.documentElement, () => stack.at(-1))
    // 返回 within the router's 350 ms: the about page leaves the stack, home is on top again…
    stack = [HOME]
    // …and then the timer set on navigateTo fires (Taro's hide(page, true)).
    home.classList.add(PAGE_SHADE_CLASS)
    await Promise.resolve()
    expect(shaded(home)).toBe(false)
    stop()
  })

  it('leaves the shade on a page that is really left behind', async () => {
    const { home, about } = router()
    const stack = [HOME, ABOUT]
    const stop = keepTopPageUnshaded(document.documentElement, () => stack.at(-1))
    home.classList.add(PAGE_SHADE_CLASS)
    await nextTask()
    expect(shaded(home)).toBe(true)
    // The page on top keeps its other classes untouched.
    about.classList.add('taro_navigation_page')
    await nextTask()
    expect(about.className).toBe('taro_page taro_page_show taro_page_stationed taro_navigation_page')
    stop()
  })

  it('judges by the stack when the shade lands, not when the page was hidden', async () => {
    const { home } = router()
    const stack = [HOME]
    const stop = keepTopPageUnshaded(document.documentElement, () => stack.at(-1))
    // navigateTo: the router hides home and pushes the new page in the same task.
    home.classList.add(PAGE_SHADE_CLASS)
    stack.push(ABOUT)
    await nextTask()
    expect(shaded(home)).toBe(true)
    stop()
  })

  it('stops watching when asked', async () => {
    const { home } = router()
    const stop = keepTopPageUnshaded(document.documentElement, () => HOME)
    stop()
    home.classList.add(PAGE_SHADE_CLASS)
    await nextTask()
    expect(shaded(home)).toBe(true)
  })
})
