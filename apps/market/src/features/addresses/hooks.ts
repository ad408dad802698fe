import type { AddressesResponse } from '@tianyuan/contracts/types'
import { useQuery } from '@tianyuan/sdk/react'
import { ADDRESSES_PATH } from './api'

/** The address book (asked again when the page is shown, e.g. back from adding one). */
export function useAddresses(enabled = true) {
  return useQuery<AddressesResponse>(ADDRESSES_PATH, { enabled })
}
