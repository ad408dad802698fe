import type { Order } from '@tianyuan/contracts/types'
import { orderTimeline } from './timeline'

// What the page shows for each step: its words and, as the Steps component adds them, its state.
const STATE = ['已完成', '当前', '未到']
function read(order: Order): string[] {
  const { items, current } = orderTimeline(order)
  return items.map((s, i) => `${s.title}（${STATE[i < current ? 0 : i === current ? 1 : 2]}）${s.time ? ` ${s.time}` : ''}`)
}

const base: Order = {
  id: 'ord_1',
  status: 'pending_payment',
  shopId: 'shop_1',
  shopName: '椒园镇春花土鸡蛋',
  items: [],
  totalFen: 4500,
  delivery: { kind: 'courier', address: { id: 'a1', name: '李大姐', phone: '138****8000', region: '湖北省 恩施州 宣恩县', detail: '椒园镇黄坪村3组', isDefault: true } },
  note: '',
  createdAt: '2026-11-28T02:00:00.000Z',
  payBefore: '2026-11-28T02:30:00.000Z',
  paidAt: null,
  shipment: null,
  previousShipment: null,
  receivedAt: null,
  cancelledAt: null,
  cancelReason: null,
  afterSale: null,
  events: [],
}

describe('order timeline in plain words', () => {
  test('waiting for payment: ordered (with its time), then the payment it waits for — never 待付款（已完成）', () => {
    expect(read(base)).toEqual(['已下单（已完成） 11月28日 10:00', '等您付款（当前）', '卖家发货（未到）', '确认收货（未到）'])
  })

  test('paid, shipped, received: each says what happened and when', () => {
    const paid = { ...base, status: 'to_ship' as const, paidAt: '2026-11-28T02:05:00.000Z' }
    expect(read(paid)).toEqual(['已下单（已完成） 11月28日 10:00', '已付款（已完成） 11月28日 10:05', '等卖家发货（当前）', '确认收货（未到）'])
    const shipped = { ...paid, status: 'shipped' as const, shipment: { carrier: '中通快递', trackingNo: 'ZT123456', shippedAt: '2026-11-29T01:00:00.000Z' } }
    expect(read(shipped)).toEqual(['已下单（已完成） 11月28日 10:00', '已付款（已完成） 11月28日 10:05', '卖家已发货（已完成） 11月29日 09:00', '等您收货（当前）'])
    expect(orderTimeline(shipped).items[2]?.description).toBe('中通快递 ZT123456')
    const received = { ...shipped, status: 'received' as const, receivedAt: '2026-12-01T04:00:00.000Z' }
    expect(read(received)).toEqual(['已下单（已完成） 11月28日 10:00', '已付款（已完成） 11月28日 10:05', '卖家已发货（已完成） 11月29日 09:00', '已收货（已完成） 12月1日 12:00'])
  })

  test('pickup: the seller gets it ready and the buyer picks it up at the point', () => {
    const pickup = { ...base, status: 'to_ship' as const, paidAt: '2026-11-28T02:05:00.000Z', delivery: { kind: 'pickup' as const, pickupPoint: { id: 'p1', shopId: 'shop_1', name: '黄坪村小卖部', address: '黄坪村三组路口' } } }
    expect(read(pickup).slice(2)).toEqual(['等卖家备货（当前）', '到自提点取货（未到）'])
  })

  test('cancelled: ordered, then cancelled with its time and why — not 待付款 marked done', () => {
    const cancelled = { ...base, status: 'cancelled' as const, cancelledAt: '2026-11-28T02:30:00.000Z', cancelReason: 'timeout' as const }
    expect(read(cancelled)).toEqual(['已下单（已完成） 11月28日 10:00', '订单已取消（当前） 11月28日 10:30'])
    expect(orderTimeline(cancelled).cancelled).toBe(true)
    expect(orderTimeline(cancelled).items[1]?.description).toBe('没有按时付款，自动取消，没有扣款')
  })
})
