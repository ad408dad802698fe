import { useContext } from 'react'
import type { AppName } from '@tianyuan/contracts/subscribe-rules'
import { SdkContext } from '../react/sdk-context'
import type { Sdk } from '../sdk'
import { subscriptionsOf, type Subscriptions } from './subscriptions'

/**
 * The page's subscriptions, from the SdkProvider's SDK unless one is given. Call it when the page
 * renders (it starts loading the template ids), then `ask(…)` first thing in the tap handler:
 *   const subscribe = useSubscriptions('clinic')
 *   const onConfirm = () => { const asked = subscribe.ask(['clinic_appointment']); … await asked … }
 */
export function useSubscriptions(app: AppName, given?: Pick<Sdk, 'api' | 'platform'>): Subscriptions {
  const fromContext = useContext(SdkContext)
  const sdk = given ?? fromContext
  if (!sdk) throw new Error('useSubscriptions: pass the SDK or wrap the app in <SdkProvider>')
  return subscriptionsOf(sdk, app)
}
