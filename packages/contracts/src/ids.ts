import { z } from 'zod'

// The one id schema. Every id a request names — a product, a shop, an address, a doctor, a slot, a
// patient, a payable order — is this shape: the API's 22-character random ids, the short slugs of
// seeded reference data (`fruit`, `internal`), and sortable ids all fit it.

/** 1 … 64 letters, digits, `_` or `-`. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

export const Id = z.string({ message: '编号格式不对' }).regex(ID_PATTERN, { message: '编号格式不对' })
export type Id = z.infer<typeof Id>
