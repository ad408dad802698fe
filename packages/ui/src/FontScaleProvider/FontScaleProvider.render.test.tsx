/** @jest-environment jsdom */
import { phone } from '../test-kit/mock-taro'
import { click, render } from '../test-kit/render'
import { BigTextToggle, FontScaleProvider, PageShell, useFontScale } from '..'
import { act } from 'react'

beforeEach(() => phone.reset())

function Home() {
  return (
    <PageShell id='page' banner={<span id='banner'>网络已断开</span>}>
      <span id='purpose'>把自家种的卖出去</span>
      <BigTextToggle id='big-text' />
    </PageShell>
  )
}

const rootOf = (ui: ReturnType<typeof render>) => ui.get('#page')

describe('FontScaleProvider + PageShell + BigTextToggle', () => {
  it('puts WeChat’s font scale on the page root from the first render', () => {
    phone.baseInfo = { fontSizeScaleFactor: 2, fontSizeSetting: 32 }
    const ui = render(
      <FontScaleProvider app='market'>
        <Home />
      </FontScaleProvider>,
    )
    const root = rootOf(ui)
    expect(root.getAttribute('data-style')).toBe('--ty-fs:2')
    expect(root.className.split(' ')).toEqual(expect.arrayContaining(['ty-page', 'ty-fs', 'ty-fs--large']))
    expect(root.className).not.toContain('ty-fs--big')
    expect(ui.text('#big-text')).toBe('大字模式：已关闭')
    // the banner slot comes first, above the content
    expect(root.firstElementChild?.id).toBe('banner')
  })

  it('toggles 大字 mode, stores it under the app’s key, and reads it back on the next start', () => {
    const ui = render(
      <FontScaleProvider app='market'>
        <Home />
      </FontScaleProvider>,
    )
    click(ui.get('#big-text'))
    expect(ui.text('#big-text')).toBe('大字模式：已打开')
    expect(rootOf(ui).getAttribute('data-style')).toBe('--ty-fs:1.3')
    expect(rootOf(ui).className).toContain('ty-fs--big')
    expect(phone.storage.get('ty:market:ui:bigText')).toBe(true)
    ui.unmount()

    const again = render(
      <FontScaleProvider app='market'>
        <Home />
      </FontScaleProvider>,
    )
    expect(again.text('#big-text')).toBe('大字模式：已打开')
    // another app's mode is its own
    const clinic = render(
      <FontScaleProvider app='clinic'>
        <Home />
      </FontScaleProvider>,
    )
    expect(clinic.container.querySelector('#big-text')?.textContent).toBe('大字模式：已关闭')
  })

  it('follows a WeChat font change when the page is shown again', () => {
    const ui = render(
      <FontScaleProvider app='market'>
        <Home />
      </FontScaleProvider>,
    )
    expect(rootOf(ui).getAttribute('data-style')).toBe('--ty-fs:1')
    phone.baseInfo = { fontSizeScaleFactor: 1.4 }
    act(() => phone.show())
    expect(rootOf(ui).getAttribute('data-style')).toBe('--ty-fs:1.4')
  })

  it('keeps the user’s choice for this session when storage is full, even across page shows', () => {
    phone.storageFull = true
    const ui = render(
      <FontScaleProvider app='market'>
        <Home />
      </FontScaleProvider>,
    )
    click(ui.get('#big-text'))
    act(() => phone.show())
    expect(ui.text('#big-text')).toBe('大字模式：已打开')
  })

  it('refuses to work without the provider, saying where it goes', () => {
    function Orphan() {
      useFontScale()
      return null
    }
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    expect(() => render(<Orphan />)).toThrow('wrap the app in <FontScaleProvider')
    log.mockRestore()
  })

  it('on H5 puts the scale and 大字 mode on <html> too, for what lives outside the pages (the tab bar)', () => {
    phone.baseInfo = { fontSizeScaleFactor: 1, fontSizeSetting: 16 }
    const ui = render(
      <FontScaleProvider app='market'>
        <Home />
      </FontScaleProvider>,
    )
    const html = document.documentElement
    expect(html.style.getPropertyValue('--ty-fs')).toBe('1')
    expect(html.classList.contains('ty-fs--big')).toBe(false)
    click(ui.get('#big-text'))
    expect(html.style.getPropertyValue('--ty-fs')).toBe('1.3')
    expect(html.classList.contains('ty-fs--big')).toBe(true)
  })
})
