/** '★ 4.7（23 人评价）', or '还没有评价' before the first. */
export function describeRating(rating: number | null, count: number): string {
  if (rating === null || count === 0) return '还没有评价'
  return `★ ${rating.toFixed(1)}（${count} 人评价）`
}

/** '还剩 2 个号' / '已约满' / '已结束' for a slot. */
export function describeRemaining(slot: { remaining: number; bookable: boolean; endsAt: string }, now = Date.now()): string {
  if (Date.parse(slot.endsAt) <= now) return '已结束'
  if (slot.remaining <= 0) return '已约满'
  return `还剩 ${slot.remaining} 个号`
}
