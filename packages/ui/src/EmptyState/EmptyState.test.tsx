/** @jest-environment jsdom */
import '../test-kit/mock-taro'
import { click, render } from '../test-kit/render'
import { EmptyState } from '.'

describe('EmptyState', () => {
  it('says what happened, what to do, and its button does it', () => {
    const onAction = jest.fn()
    const ui = render(<EmptyState id='empty' title='还没有订单' description='去首页看看新鲜农产品' actionText='去逛逛' onAction={onAction} />)
    expect(ui.text('.ty-empty__title')).toBe('还没有订单')
    expect(ui.text('.ty-empty__desc')).toBe('去首页看看新鲜农产品')
    click(ui.get('.ty-empty__action'))
    expect(onAction).toHaveBeenCalledTimes(1)
  })

  it('has no button without an action', () => {
    const ui = render(<EmptyState title='没有找到' actionText='去逛逛' />)
    expect(ui.container.querySelector('button')).toBeNull()
  })
})
