// Some WeChat Pay v3 fields are limited in bytes of UTF-8, not characters: a refund's `reason` is
// string(80), "不可超过80个字节" — 26 Chinese characters, not 80. A request over the limit is
// refused (PARAM_ERROR) every time it is retried, so the client cuts before sending.

/** WeChat's limit for a refund's `reason`, in UTF-8 bytes. */
export const REFUND_REASON_MAX_BYTES = 80

const encoder = new TextEncoder()
const graphemes = new Intl.Segmenter('zh', { granularity: 'grapheme' })

/**
 * The longest prefix of `text` that fits in `maxBytes` bytes of UTF-8, cut between user-perceived
 * characters (grapheme clusters): never half a character, half a surrogate pair or half an emoji
 * sequence such as 👨‍👩‍👧.
 */
export function cutUtf8Bytes(text: string, maxBytes: number): string {
  if (encoder.encode(text).length <= maxBytes) return text
  let used = 0
  let end = 0
  for (const { segment, index } of graphemes.segment(text)) {
    const size = encoder.encode(segment).length
    if (used + size > maxBytes) break
    used += size
    end = index + segment.length
  }
  return text.slice(0, end)
}
