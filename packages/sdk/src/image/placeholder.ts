import { thumbHashToApproximateAspectRatio, thumbHashToAverageRGBA, thumbHashToRGBA } from 'thumbhash'

/**
 * What to show while a photo loads, from its ThumbHash (~25 bytes in the metadata, so it
 * costs no extra request): a blurred 16 px image, or only its average colour.
 *
 * thumbhash's own `thumbHashToDataURL` calls `btoa`, which WeChat's JS engine does not
 * have; so the PNG is encoded here, at half the decoder's 32 px (the host blurs it when it
 * scales it up anyway), which keeps the data URL near 1 KB — it travels through setData.
 */
export interface Placeholder {
  /** `rgb(r, g, b)`: the box's background, shown at once. */
  color: string
  /** A PNG data URL of the blurred image; absent when only the colour was asked for. */
  dataUrl?: string
  /** Width over height, as the hash carries it (use the metadata's when you have it). */
  aspectRatio: number
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Base64 (standard or URL-safe, padded or not) to bytes; no atob on weapp. */
export function base64ToBytes(text: string): Uint8Array {
  const clean = text.replace(/[^A-Za-z0-9+/_-]/g, '')
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4))
  let bits = 0
  let value = 0
  let n = 0
  for (const ch of clean) {
    const digit = ch === '-' ? 62 : ch === '_' ? 63 : B64.indexOf(ch)
    value = (value << 6) | digit
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[n++] = (value >> bits) & 255
    }
  }
  return out
}

/** Bytes to standard padded base64; no btoa on weapp. */
export function bytesToBase64(bytes: ArrayLike<number>): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number
    const b = bytes[i + 1]
    const c = bytes[i + 2]
    const chunk = (a << 16) | ((b ?? 0) << 8) | (c ?? 0)
    out += B64[chunk >> 18]! + B64[(chunk >> 12) & 63]! + (b === undefined ? '=' : B64[(chunk >> 6) & 63]!) + (c === undefined ? '=' : B64[chunk & 63]!)
  }
  return out
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes: number[], start: number, end: number): number {
  let c = ~0
  for (let i = start; i < end; i++) c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 255] as number) ^ (c >>> 8)
  return ~c >>> 0
}

const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]

/**
 * An RGBA image as a PNG data URL: deflate's stored blocks, one per row, as thumbhash's
 * `rgbaToDataURL` writes it (byte for byte), with no btoa.
 */
export function rgbaToPngDataUrl(w: number, h: number, rgba: ArrayLike<number>): string {
  const row = w * 4 + 1
  const zlib = [0x78, 0x01]
  let a = 1
  let b = 0
  for (let y = 0; y < h; y++) {
    zlib.push(y + 1 < h ? 0 : 1, row & 255, row >> 8, ~row & 255, (row >> 8) ^ 255)
    for (let i = y * w * 4 - 1; i < (y + 1) * w * 4; i++) {
      const byte = i < y * w * 4 ? 0 : (rgba[i] as number) // a row starts with its filter: none
      zlib.push(byte)
      a = (a + byte) % 65521
      b = (b + a) % 65521
    }
  }
  zlib.push(b >> 8, b & 255, a >> 8, a & 255)
  const png = [137, 80, 78, 71, 13, 10, 26, 10]
  const chunk = (type: number[], data: number[]) => {
    const start = png.length + 4
    png.push(...u32(data.length), ...type, ...data)
    png.push(...u32(crc32(png, start, png.length)))
  }
  chunk([73, 72, 68, 82], [...u32(w), ...u32(h), 8, 6, 0, 0, 0]) // IHDR: 8-bit RGBA
  chunk([73, 68, 65, 84], zlib) // IDAT
  chunk([73, 69, 78, 68], []) // IEND
  return `data:image/png;base64,${bytesToBase64(png)}`
}

/** Halves an RGBA image (2×2 averages), rounding odd sizes down. */
function halve(w: number, h: number, rgba: Uint8Array): { w: number; h: number; rgba: Uint8Array } {
  const hw = Math.max(1, w >> 1)
  const hh = Math.max(1, h >> 1)
  const out = new Uint8Array(hw * hh * 4)
  for (let y = 0; y < hh; y++)
    for (let x = 0; x < hw; x++)
      for (let c = 0; c < 4; c++) {
        const at = (yy: number, xx: number) => rgba[(Math.min(yy, h - 1) * w + Math.min(xx, w - 1)) * 4 + c] as number
        out[(y * hw + x) * 4 + c] = (at(2 * y, 2 * x) + at(2 * y, 2 * x + 1) + at(2 * y + 1, 2 * x) + at(2 * y + 1, 2 * x + 1) + 2) >> 2
      }
  return { w: hw, h: hh, rgba: out }
}

/**
 * The placeholder for a base64 ThumbHash. `colorOnly` skips the image (on very slow links:
 * the tap-to-load label reads better on a flat colour, and a low-end phone is spared the
 * decode). Undefined when the hash is missing or unreadable: show a grey box.
 */
export function thumbHashPlaceholder(thumbhash: string | undefined, colorOnly = false): Placeholder | undefined {
  if (!thumbhash) return undefined
  try {
    const hash = base64ToBytes(thumbhash)
    if (hash.length < 5) return undefined
    const { r, g, b } = thumbHashToAverageRGBA(hash)
    const placeholder: Placeholder = { color: `rgb(${Math.round(r * 255)},${Math.round(g * 255)},${Math.round(b * 255)})`, aspectRatio: thumbHashToApproximateAspectRatio(hash) }
    if (!colorOnly) {
      const full = thumbHashToRGBA(hash)
      const small = halve(full.w, full.h, full.rgba)
      placeholder.dataUrl = rgbaToPngDataUrl(small.w, small.h, small.rgba)
    }
    return placeholder
  } catch {
    return undefined
  }
}
