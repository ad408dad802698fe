import { DEFAULT_ERROR_MESSAGE, userMessageOf } from './message'

describe('userMessageOf', () => {
  it('shows the zh-CN userMessage an SdkError carries', () => {
    expect(userMessageOf({ code: 'network', message: 'request:fail timeout', userMessage: '网络不太好，请稍后重试' })).toBe('网络不太好，请稍后重试')
  })

  it('never shows a developer’s English message', () => {
    expect(userMessageOf(new Error('TypeError: cannot read properties of undefined'))).toBe(DEFAULT_ERROR_MESSAGE)
    expect(userMessageOf({ userMessage: '  ' })).toBe(DEFAULT_ERROR_MESSAGE)
    expect(userMessageOf('boom')).toBe(DEFAULT_ERROR_MESSAGE)
    expect(userMessageOf(undefined, '订单没有加载出来')).toBe('订单没有加载出来')
  })
})
