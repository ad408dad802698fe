/**
 * @jest-environment jsdom
 */
// useReceiveTransfer rendered for real (Preact as the apps ship, in jsdom) over the fake
// platform: the button's busy state while WeChat's page is open, a second tap joining the first,
// the outcome shown.
import { act } from 'react'
import { createFakePlatform } from '../platform/fake'
import type { MerchantTransferResult } from '../platform/types'
import { createSdk, type Sdk } from '../sdk'
import { SdkProvider } from '../react/sdk-context'
import { settle } from '../react/test-kit'
import { useReceiveTransfer, type ReceiveTransferView } from './use-receive-transfer'

interface Root {
  render(node: unknown): void
  unmount(): void
}
const { createRoot } = jest.requireActual<{ createRoot(container: Element): Root }>('react-dom/client')
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

test('busy while the page is open; a second tap joins the first; received once the server says so', async () => {
  const fake = createFakePlatform()
  let status = 'waiting_user'
  fake.setHandler(() => ({ body: { disbursement: { status, statusWord: '', amountFen: 100, confirm: status === 'waiting_user' ? { mchId: 'm', appId: 'a', package: 'p==' } : null } } }))
  let closePage: (r: MerchantTransferResult) => void = () => {}
  fake.setTransferOutcome(() => new Promise<MerchantTransferResult>((resolve) => (closePage = resolve)))
  const sdk: Sdk = createSdk({ platform: fake.platform, baseUrl: '/api', namespace: 'hook' })
  let view: ReceiveTransferView | undefined
  function Page() {
    view = useReceiveTransfer('/loans/my/x/disbursement')
    return null
  }
  const container = document.createElement('div')
  const root = createRoot(container)
  act(() => root.render(<SdkProvider sdk={sdk}><Page /></SdkProvider>))
  expect(view!.state.phase).toBe('idle')
  let first: Promise<unknown> | undefined
  let second: Promise<unknown> | undefined
  await settle(() => {
    first = view!.receive({ pollDelaysMs: [5] })
    second = view!.receive()
  })
  expect(second).toBe(first)
  expect(view!.state.phase).toBe('awaiting_user')
  expect(view!.busy).toBe(true)
  expect(fake.transfers).toHaveLength(1)
  status = 'succeeded'
  await act(async () => {
    closePage({ outcome: 'confirmed' })
    await first
  })
  expect(view!.state).toMatchObject({ phase: 'received', message: '钱已到微信零钱' })
  expect(view!.busy).toBe(false)
  act(() => root.unmount())
  sdk.dispose()
})
