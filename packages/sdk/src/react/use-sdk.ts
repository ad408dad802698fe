import { useContext } from 'react'
import type { Sdk } from '../sdk'
import { SdkContext } from './sdk-context'

/**
 * The SDK from the nearest SdkProvider; throws (a developer error) without one.
 *
 * Apart from SdkProvider (sdk-context.tsx, in every main package through app.tsx) so that an
 * app whose tab pages never call it does not carry it in its main package: a module used only
 * by subpackages is moved into them.
 */
export function useSdk(): Sdk {
  const sdk = useContext(SdkContext)
  if (!sdk) throw new Error('useSdk: wrap the app in <SdkProvider sdk={createSdk(...)}>')
  return sdk
}
