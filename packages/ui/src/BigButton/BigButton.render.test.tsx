/** @jest-environment jsdom */
import { phone } from '../test-kit/mock-taro'
import { click, render, settle } from '../test-kit/render'
import { BigButton } from '.'

beforeEach(() => phone.reset())

function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((res) => (resolve = res))
  return { promise, resolve }
}

describe('BigButton', () => {
  it('sends once however often an impatient user taps while the first tap is pending, and shows it is busy', async () => {
    const order = deferred()
    const submit = jest.fn(() => order.promise)
    const ui = render(<BigButton id='pay' onClick={submit}>提交订单</BigButton>)
    const button = ui.get('#pay')
    click(button)
    click(button)
    click(button)
    expect(submit).toHaveBeenCalledTimes(1)
    expect(button.getAttribute('data-loading')).toBe('true')
    expect(button.className).toContain('ty-btn--loading')

    await settle(order.resolve)
    expect(button.getAttribute('data-loading')).toBeNull()
    click(button)
    expect(submit).toHaveBeenCalledTimes(2)
    await settle() // the second order's (already settled) promise lets go of the button
  })

  it('refuses taps while loading or disabled, and renders no false attributes', () => {
    const onClick = jest.fn()
    const ui = render(
      <>
        <BigButton id='a' loading onClick={onClick}>
          保存
        </BigButton>
        <BigButton id='b' disabled onClick={onClick}>
          保存
        </BigButton>
        <BigButton id='c' variant='danger' onClick={onClick}>
          取消订单
        </BigButton>
      </>,
    )
    click(ui.get('#a'))
    click(ui.get('#b'))
    expect(onClick).not.toHaveBeenCalled()
    const c = ui.get('#c')
    expect(c.hasAttribute('disabled')).toBe(false)
    expect(c.className.split(' ')).toEqual(['ty-btn', 'ty-btn--danger', 'ty-btn--block'])
    click(c)
    expect(onClick).toHaveBeenCalledTimes(1)
  })

  it('keeps its label in its own element, so a label change while loading never rewrites the button’s own children (H5’s spinner)', async () => {
    const order = deferred()
    function Pay({ label }: { label: string }) {
      return (
        <BigButton id='pay' onClick={() => order.promise}>
          {label}
        </BigButton>
      )
    }
    const ui = render(<Pay label='提交订单并付款' />)
    const button = ui.get('#pay')
    const spinner = document.createElement('i') // what taro-button-core adds on H5 while loading
    click(button)
    button.insertBefore(spinner, button.firstChild)
    ui.rerender(<Pay label='付款' />)
    expect(button.contains(spinner)).toBe(true)
    expect(button.querySelector('.ty-btn__label')?.textContent).toBe('付款')
    await settle(order.resolve)
  })

  it('is a button to a screen reader and the keyboard (Taro H5 renders a custom element), disabled while busy, named by its words or its ariaLabel', async () => {
    const order = deferred()
    const ui = render(
      <>
        <BigButton id='pay' onClick={() => order.promise}>
          付款
        </BigButton>
        <BigButton id='off' disabled>
          保存
        </BigButton>
        <BigButton id='remove' variant='secondary' ariaLabel='删除第 1 张照片'>
          删除
        </BigButton>
      </>,
    )
    const pay = ui.get('#pay')
    expect(pay.getAttribute('role')).toBe('button')
    expect(pay.getAttribute('tabindex')).toBe('0')
    expect(pay.hasAttribute('aria-disabled')).toBe(false)
    click(pay)
    expect(pay.getAttribute('aria-disabled')).toBe('true')
    await settle(order.resolve)
    expect(pay.hasAttribute('aria-disabled')).toBe(false)
    expect(ui.get('#off').getAttribute('aria-disabled')).toBe('true')
    expect(ui.get('#off').getAttribute('tabindex')).toBe('-1')
    expect(ui.get('#remove').getAttribute('aria-label')).toBe('删除第 1 张照片')
  })
})
