/** @jest-environment jsdom */
import '../test-kit/mock-taro'
import { click, render } from '../test-kit/render'
import { Pager } from '.'

describe('Pager', () => {
  it('offers only the ways that lead somewhere, and says which page to go to', () => {
    const onChange = jest.fn()
    const first = render(<Pager page={1} hasMore onChange={onChange} />)
    expect(first.container.querySelector('#prev-page')).toBeNull()
    click(first.get('#next-page'))
    expect(onChange).toHaveBeenLastCalledWith(2)

    const last = render(<Pager page={3} hasMore={false} onChange={onChange} />)
    expect(last.container.querySelector('#next-page')).toBeNull()
    click(last.get('#prev-page'))
    expect(onChange).toHaveBeenLastCalledWith(2)
  })

  it('shows nothing for a list that fits one page', () => {
    expect(render(<Pager page={1} hasMore={false} onChange={() => undefined} />).container.textContent).toBe('')
  })
})
