/** RFC 3339 in China Standard Time, as WeChat writes times: 2026-01-01T08:00:00+08:00 */
export function rfc3339Cst(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00')
}
