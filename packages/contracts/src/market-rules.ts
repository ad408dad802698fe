// 田园集市's words as plain values, with no zod and no dayjs: the API's refusals and the market
// app's screens name an order's status the same way (`@tianyuan/contracts/market-rules`).

export const ORDER_STATUS_WORDS = {
  pending_payment: '待付款',
  to_ship: '待发货',
  shipped: '已发货',
  received: '已收货',
  cancelled: '已取消',
} as const

/** A product unit as people say it: the stored 'kg' reads 公斤 on every screen; 斤 and 箱 as they are. */
export const UNIT_WORDS = { 斤: '斤', kg: '公斤', 箱: '箱' } as const

/** Any other text (a unit stored before the list changed) reads as it is. */
export function unitWord(unit: string): string {
  return unit in UNIT_WORDS ? UNIT_WORDS[unit as keyof typeof UNIT_WORDS] : unit
}
