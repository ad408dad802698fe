/** @jest-environment jsdom */
import '../test-kit/mock-taro'
import { render } from '../test-kit/render'
import { Price } from '.'

describe('Price', () => {
  it('shows fen as yuan, per unit, in either notation', () => {
    const ui = render(
      <>
        <Price id='a' fen={1250} unit='斤' />
        <Price id='b' fen={1250} unit='斤' notation='yuan' size='large' />
        <Price id='c' fen={1500} original />
      </>,
    )
    expect(ui.text('#a')).toBe('¥12.50/斤')
    expect(ui.text('#b')).toBe('12.50元/斤')
    expect(ui.get('#b').className).toContain('ty-price--large')
    expect(ui.get('#c').className).toContain('ty-price--original')
  })

  it('throws on a negative amount instead of showing a wrong price', () => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    expect(() => render(<Price fen={-1} />)).toThrow(RangeError)
    log.mockRestore()
  })
})
