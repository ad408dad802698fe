/** @jest-environment jsdom */
import { phone } from '../../test-kit/mock-taro'
import { click, render } from '../../test-kit/render'
import { PublisherEntries } from '.'

beforeEach(() => phone.reset())

describe('PublisherEntries', () => {
  it('opens the notices subpackage: 发布通知 the publish page, 我发布的通知 the published page', () => {
    const ui = render(<PublisherEntries />)
    expect(ui.text('#publish-notice')).toBe('发布通知')
    expect(ui.text('#my-notices')).toBe('我发布的通知')
    click(ui.get('#publish-notice'))
    click(ui.get('#my-notices'))
    expect(phone.navigations).toEqual(['navigateTo /notices/pages/publish/index', 'navigateTo /notices/pages/published/index'])
  })
})
