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
})
