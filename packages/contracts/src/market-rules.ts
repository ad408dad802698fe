// 田园集市's words as plain values, with no zod and no dayjs: the API's refusals and the market
// app's screens name an order's status the same way (`@tianyuan/contracts/market-rules`).

export const ORDER_STATUS_WORDS = {
  pending_payment: '待付款',
  to_ship: '待发货',
  shipped: '已发货',
  received: '已收货',
  cancelled: '已取消',
} as const
