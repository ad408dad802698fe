/**
 * Bytes a string takes as UTF-8, which is how WeChat counts its 1 MB per key. Written out
 * because TextEncoder is missing on older base libraries. A Chinese character is 3 bytes.
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit < 0x80) bytes += 1
    else if (unit < 0x800) bytes += 2
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      // a surrogate pair is one 4-byte code point
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}
