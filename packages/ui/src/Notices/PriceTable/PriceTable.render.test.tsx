/** @jest-environment jsdom */
import '../../test-kit/mock-taro'
import { render } from '../../test-kit/render'
import { PriceTable } from '.'

describe('PriceTable', () => {
  it('is a table named by its caption, with column headers, a row header per product, and changes in words', () => {
    const ui = render(<PriceTable id='t' caption='今日价格' rows={[{ product: '苹果', unit: '斤', priceFen: 350, changeFen: 0 }]} />)
    expect(ui.get('#t').getAttribute('role')).toBe('table')
    expect(ui.get('#t').getAttribute('aria-label')).toBe('今日价格')
    expect(ui.container.querySelectorAll('[role="row"]')).toHaveLength(2)
    expect(ui.text('[role="rowheader"]')).toBe('苹果')
    const change = ui.container.querySelectorAll('[role="cell"]')[2]
    expect(change?.textContent).toBe('持平')
    expect(change?.getAttribute('aria-label')).toBe('持平')
  })
})
