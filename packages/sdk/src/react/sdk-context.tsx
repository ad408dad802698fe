import { createContext, useContext, type ReactNode } from 'react'
import type { Sdk } from '../sdk'

export const SdkContext = createContext<Sdk | undefined>(undefined)

/** Makes one app's SDK (`createSdk(...)`, made once at module level) available to its pages. */
export function SdkProvider({ sdk, children }: { sdk: Sdk; children?: ReactNode }) {
  return <SdkContext.Provider value={sdk}>{children}</SdkContext.Provider>
}

/** A module given as an argument, else the SdkProvider's (for hooks that take either). */
export function useSdkPart<K extends keyof Sdk>(given: Sdk[K] | undefined, part: K): Sdk[K] {
  const sdk = useContext(SdkContext)
  const found = given ?? sdk?.[part]
  if (!found) throw new Error(`${part}: pass it or wrap the app in <SdkProvider>`)
  return found
}
