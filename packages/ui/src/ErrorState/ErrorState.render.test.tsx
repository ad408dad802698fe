/** @jest-environment jsdom */
import '../test-kit/mock-taro'
import { click, render, settle } from '../test-kit/render'
import { ErrorState } from '.'

describe('ErrorState', () => {
  it('shows the SDK’s zh-CN message and retries once per tap while the retry runs', async () => {
    let finish!: () => void
    const onRetry = jest.fn(() => new Promise<void>((resolve) => (finish = resolve)))
    const ui = render(<ErrorState error={{ code: 'timeout', message: 'request:fail timeout', userMessage: '网络太慢，没有等到回复' }} onRetry={onRetry} />)
    expect(ui.text('.ty-error__message')).toBe('网络太慢，没有等到回复')
    const retry = ui.get('.ty-error__retry')
    expect(retry.textContent).toBe('重试')
    click(retry)
    click(retry)
    expect(onRetry).toHaveBeenCalledTimes(1)
    await settle(finish)
  })

  it('never shows an English error message', () => {
    const ui = render(<ErrorState error={new Error('Cannot read properties of undefined')} />)
    expect(ui.text('.ty-error__message')).toBe('没有加载出来，请检查网络后重试')
    expect(ui.container.querySelector('button')).toBeNull()
  })
})
