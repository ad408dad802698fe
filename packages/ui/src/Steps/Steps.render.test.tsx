/** @jest-environment jsdom */
import '../test-kit/mock-taro'
import { render } from '../test-kit/render'
import { Steps } from '.'

const ORDER = [
  { title: '已下单', time: '11月28日 09:12' },
  { title: '已付款', time: '11月28日 09:13' },
  { title: '已发货', description: '中通快递 7310 2245 8890' },
  { title: '已收货' },
]

describe('Steps', () => {
  it('marks each step done, current or upcoming, in words as well as colour, with its time', () => {
    const ui = render(<Steps items={ORDER} current={2} />)
    const steps = Array.from(ui.container.querySelectorAll('.ty-step'))
    expect(steps.map((s) => s.className.split(' ')[1])).toEqual(['ty-step--done', 'ty-step--done', 'ty-step--current', 'ty-step--upcoming'])
    expect(steps.map((s) => s.querySelector('.ty-step__title')?.textContent)).toEqual(['已下单（已完成）', '已付款（已完成）', '已发货（当前）', '已收货（未到）'])
    expect(steps[0]?.querySelector('.ty-step__time')?.textContent).toBe('11月28日 09:12')
    expect(steps[2]?.querySelector('.ty-step__desc')?.textContent).toBe('中通快递 7310 2245 8890')
    expect(steps[3]?.className).toContain('ty-step--last')
  })

  it('shows a failed current step in the error style', () => {
    const ui = render(<Steps items={ORDER} current={1} error />)
    expect(ui.get('.ty-step--current').className).toContain('ty-step--error')
  })
})
