/**
 * @jest-environment jsdom
 */
// The cashier sheet in a page: an iframe over the app, answered by the cashier's postMessage.
import { openCashierSheet, openSubscribeSheet, subscribeOutcomeOf } from './h5'

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

const URL_ = '/wechat-sandbox/sandbox/cashier?prepay_id=wx1&package=prepay_id%3Dwx1'
const params = { timeStamp: '1', nonceStr: 'n', package: 'prepay_id=wx1', signType: 'RSA' as const, paySign: 's' }

function open() {
  let answer: string | undefined
  void openCashierSheet(URL_, 'wx1', params).then((errMsg) => (answer = errMsg))
  const frame = document.querySelector('iframe') as HTMLIFrameElement
  const post = (data: unknown, source: Window | null = frame.contentWindow) => window.dispatchEvent(new MessageEvent('message', { data, source }))
  return { frame, post, answer: () => answer }
}

test('shows the cashier over the page and resolves with what the cashier posts', async () => {
  const sheet = open()
  expect(sheet.frame.getAttribute('src')).toBe(URL_)
  expect(document.querySelector('[role=dialog]')?.getAttribute('aria-label')).toBe('微信支付')
  sheet.post({ source: 'wechat-sandbox', type: 'requestPayment', prepayId: 'wx1', errMsg: 'requestPayment:ok' })
  await jest.advanceTimersByTimeAsync(799) // 支付成功 stays readable for a moment
  expect(sheet.answer()).toBeUndefined()
  await jest.advanceTimersByTimeAsync(1)
  expect(sheet.answer()).toBe('requestPayment:ok')
  expect(document.querySelector('iframe')).toBeNull()
})

test('ignores messages from other frames, other payments and other senders', async () => {
  const sheet = open()
  sheet.post({ source: 'wechat-sandbox', type: 'requestPayment', prepayId: 'wx1', errMsg: 'requestPayment:ok' }, window)
  sheet.post({ source: 'wechat-sandbox', type: 'requestPayment', prepayId: 'wx2', errMsg: 'requestPayment:ok' })
  sheet.post({ source: 'someone', type: 'requestPayment', errMsg: 'requestPayment:ok' })
  await jest.advanceTimersByTimeAsync(2000)
  expect(sheet.answer()).toBeUndefined()
  sheet.post({ source: 'wechat-sandbox', type: 'requestPayment', prepayId: 'wx1', errMsg: 'requestPayment:fail cancel' })
  await jest.advanceTimersByTimeAsync(0)
  expect(sheet.answer()).toBe('requestPayment:fail cancel')
})

test('closing the sheet is a cancel, as swiping WeChat’s sheet away is', async () => {
  const sheet = open()
  const close = Array.from(document.querySelectorAll('button')).find((b) => b.textContent === '关闭') as HTMLButtonElement
  close.click()
  await jest.advanceTimersByTimeAsync(0)
  expect(sheet.answer()).toBe('requestPayment:fail cancel')
  expect(document.querySelector('[role=dialog]')).toBeNull()
})

// wx.requestSubscribeMessage's stand-in: the sandbox's sheet answers with the whole result.
test('the subscribe sheet resolves with the result the sandbox page posts; closing it is a 取消', async () => {
  const url = '/wechat-sandbox/sandbox/subscribe/sheet?user=x&tmplIds=t1'
  let answer: Record<string, unknown> | undefined
  void openSubscribeSheet(url, ['t1']).then((result) => (answer = result))
  const frame = document.querySelector('iframe') as HTMLIFrameElement
  expect(frame.getAttribute('src')).toBe(url)
  expect(document.querySelector('[role=dialog]')?.getAttribute('aria-label')).toBe('订阅消息')
  const result = { errMsg: 'requestSubscribeMessage:ok', answers: { t1: 'accept' } }
  window.dispatchEvent(new MessageEvent('message', { data: { source: 'wechat-sandbox', type: 'requestSubscribeMessage', errMsg: result.errMsg, result }, source: frame.contentWindow }))
  await jest.advanceTimersByTimeAsync(800)
  expect(answer).toEqual(result)
  expect(subscribeOutcomeOf(answer!, ['t1'])).toEqual({ outcome: 'answered', answers: { t1: 'accept' } })

  let closed: Record<string, unknown> | undefined
  void openSubscribeSheet(url, ['t1']).then((r) => (closed = r))
  ;(Array.from(document.querySelectorAll('button')).find((b) => b.textContent === '关闭') as HTMLButtonElement).click()
  await jest.advanceTimersByTimeAsync(0)
  expect(closed).toEqual({ errMsg: 'requestSubscribeMessage:fail cancel' })
  expect(subscribeOutcomeOf(closed!, ['t1'])).toEqual({ outcome: 'answered', answers: { t1: 'reject' } })
  expect(subscribeOutcomeOf({ errMsg: 'requestSubscribeMessage:fail Templates count out of max bounds', errCode: 20003 }, ['a', 'b', 'c', 'd'])).toEqual({ outcome: 'failed', errCode: 20003, detail: 'Templates count out of max bounds' })
})
