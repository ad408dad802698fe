/** @jest-environment jsdom */
import '../test-kit/mock-taro'
import { render } from '../test-kit/render'
import { FontScaleProvider } from '../FontScaleProvider'
import { PageShell } from '.'

const shell = (ready?: boolean) =>
  render(
    <FontScaleProvider app='test'>
      <PageShell title='首页' firstScreenReady={ready}>
        <span>内容</span>
      </PageShell>
    </FontScaleProvider>,
  )

describe('PageShell', () => {
  it('marks a home page’s first screen loading, then ready, for the first-screen benchmark', () => {
    expect(shell(false).get('.ty-page').getAttribute('data-first-screen')).toBe('loading')
    expect(shell(true).get('.ty-page').getAttribute('data-first-screen')).toBe('ready')
  })

  it('carries no marker on other pages, and shows the title and content', () => {
    const ui = shell()
    expect(ui.get('.ty-page').hasAttribute('data-first-screen')).toBe(false)
    expect(ui.text('.ty-page__title')).toBe('首页')
    expect(ui.text('.ty-page__body')).toBe('内容')
  })

  it('puts the 大字 switch at the top of a home page, before the content, and not on other pages', () => {
    const home = shell(true)
    const toggle = home.get('.ty-page > .ty-page__tools #big-text')
    expect(toggle.textContent).toBe('大字模式：已关闭')
    const page = home.get('.ty-page')
    expect(Array.from(page.children).indexOf(home.get('.ty-page__tools'))).toBeLessThan(Array.from(page.children).indexOf(home.get('.ty-page__body')))
    expect(shell().container.querySelector('#big-text')).toBeNull()
  })
})
