// How long a notice stays up. Each choice ends at the end of a Shanghai day (UTC+8 all year), so
// "3 天" means the notice is there through the third day; the longest stays under the API's
// 90-day limit by the server's clock.

const DAY = 86_400_000
const SHANGHAI = 8 * 3_600_000

export const EXPIRY_CHOICES = [
  { days: 1, label: '到明天' },
  { days: 3, label: '3 天' },
  { days: 7, label: '1 周' },
  { days: 30, label: '1 个月' },
  { days: 89, label: '3 个月' },
] as const

/** The last second of the Shanghai day `days` after today, as epoch ms. */
export function expiryAt(days: number, now: number = Date.now()): number {
  const todayStart = Math.floor((now + SHANGHAI) / DAY) * DAY - SHANGHAI
  return todayStart + (days + 1) * DAY - 1000
}
