/** @jest-environment jsdom */
import '../test-kit/mock-taro'
import { PAY_MESSAGES } from '@tianyuan/sdk'
import { render } from '../test-kit/render'
import { PayStatus } from '.'

describe('PayStatus', () => {
  it('renders nothing while idle and the line for each step, under the id the journeys wait on', () => {
    const ui = render(<PayStatus id='pay-status' pay={{ phase: 'idle', message: '' }} />)
    expect(ui.container.querySelector('#pay-status')).toBeNull()

    ui.rerender(<PayStatus id='pay-status' placing pay={{ phase: 'idle', message: '' }} />)
    expect(ui.text('#pay-status')).toBe('正在创建订单')
    ui.rerender(<PayStatus id='pay-status' pay={{ phase: 'paid', message: PAY_MESSAGES.paid }} />)
    expect(ui.text('#pay-status')).toBe('已付款')
    expect(ui.get('#pay-status').className).toBe('ty-pay-status')
  })

  it('marks a failed payment, whose words say no money was taken', () => {
    const ui = render(<PayStatus id='pay-status' pay={{ phase: 'failed', message: PAY_MESSAGES.failed }} />)
    expect(ui.text('#pay-status')).toBe('支付没有成功，没有扣款')
    expect(ui.get('#pay-status').className).toBe('ty-pay-status ty-pay-status--failed')
  })
})
