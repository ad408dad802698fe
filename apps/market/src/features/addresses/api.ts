import type { Address, AddressResponse, CreateAddressRequest } from '@tianyuan/contracts/types'
import { sdk } from '../../sdk'

export const ADDRESSES_PATH = '/market/addresses'
export const addressEditUrl = (id?: string) => `/pkg/pages/address-edit/index${id ? `?id=${encodeURIComponent(id)}` : ''}`

/** Adds or changes an address (one Idempotency-Key across retries: a lost answer never adds it twice). */
export async function saveAddress(id: string | undefined, fields: CreateAddressRequest): Promise<Address> {
  const result = await sdk.api.mutate<AddressResponse>({
    method: id ? 'PATCH' : 'POST',
    path: id ? `${ADDRESSES_PATH}/${encodeURIComponent(id)}` : ADDRESSES_PATH,
    body: fields,
    label: '保存地址',
  })
  return result.data.address
}

/** One line for a list: 李大姐 138****8000 · 湖北省 恩施州 宣恩县 椒园镇黄坪村3组 */
export function describeAddress(a: Address): string {
  return `${a.name} ${a.phone.slice(0, 3)}****${a.phone.slice(7)} · ${a.region} ${a.detail}`
}
