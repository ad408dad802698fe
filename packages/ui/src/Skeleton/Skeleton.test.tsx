/** @jest-environment jsdom */
import '../test-kit/mock-taro'
import { render } from '../test-kit/render'
import { Skeleton } from '.'

describe('Skeleton', () => {
  it('draws the lines and an image box of the image’s shape while loading', () => {
    const ui = render(
      <Skeleton id='s' lines={3} imageRatio={4 / 3} blocks={2} row>
        <span id='real'>土鸡蛋</span>
      </Skeleton>,
    )
    expect(ui.container.querySelector('#real')).toBeNull()
    expect(ui.container.querySelectorAll('.ty-skel__block--row')).toHaveLength(2)
    expect(ui.container.querySelectorAll('.ty-skel__line')).toHaveLength(6)
    expect(ui.container.querySelectorAll('.ty-skel__line--last')).toHaveLength(2)
    // 4:3 → the box is 75% as high as it is wide (padding-top), like the photo that replaces it
    expect(ui.get('.ty-skel__fill').getAttribute('data-style')).toBe('padding-top:75.00%')
  })

  it('shows the content, and only the content, once loaded', () => {
    const ui = render(
      <Skeleton loading={false}>
        <span id='real'>土鸡蛋</span>
      </Skeleton>,
    )
    expect(ui.container.innerHTML).toBe('<span id="real">土鸡蛋</span>')
  })
})
