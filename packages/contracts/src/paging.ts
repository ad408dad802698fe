import { z } from 'zod'

/** The most rows one page may ask for, in every list. */
export const MAX_PAGE_SIZE = 50

/** `?page=` (a query string value): 1 to 9999. */
export const PageNumber = z
  .string()
  .regex(/^[1-9]\d{0,3}$/, { message: '页码应为 1 到 9999 的整数' })
  .transform(Number)

/** `?size=` (a query string value): 1 to MAX_PAGE_SIZE. */
export const PageSize = z
  .string()
  .regex(/^[1-9]\d{0,1}$/, { message: `每页条数应为 1 到 ${MAX_PAGE_SIZE} 的整数` })
  .transform(Number)
  .refine((n) => n <= MAX_PAGE_SIZE, { message: `每页条数应为 1 到 ${MAX_PAGE_SIZE} 的整数` })

/** One page of a list: its items, where it is, and whether another page follows. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.strictObject({ items: z.array(item), page: z.number().int(), size: z.number().int(), hasMore: z.boolean() })
