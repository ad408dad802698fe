import { rgbaToDataURL, rgbaToThumbHash, thumbHashToRGBA } from 'thumbhash'
import { base64ToBytes, bytesToBase64, rgbaToPngDataUrl, thumbHashPlaceholder } from './placeholder'

/** A w×h RGBA image from a pixel function. */
function image(w: number, h: number, pixel: (x: number, y: number) => [number, number, number, number]): Uint8Array {
  const rgba = new Uint8Array(w * h * 4)
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rgba.set(pixel(x, y), (y * w + x) * 4)
  return rgba
}

/** What the server stores: base64 of the ThumbHash bytes. */
const hashOf = (w: number, h: number, rgba: Uint8Array) => bytesToBase64(rgbaToThumbHash(w, h, rgba))

/** Reads a PNG written as stored deflate blocks back into its size and RGBA pixels. */
function readPng(dataUrl: string) {
  const bytes = base64ToBytes(dataUrl.replace('data:image/png;base64,', ''))
  const u32 = (at: number) => ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0
  const w = u32(16)
  const h = u32(20)
  const idat = 33 + 8 + 2 // after IHDR chunk, IDAT length+type, zlib header
  const rgba: number[] = []
  const row = w * 4 + 1
  for (let y = 0; y < h; y++) {
    const start = idat + y * (5 + row) + 5 + 1 // block header, filter byte
    rgba.push(...bytes.slice(start, start + w * 4))
  }
  return { w, h, rgba }
}

describe('base64 without atob/btoa (WeChat has neither)', () => {
  it('agrees with the browser functions both ways, for every length mod 3', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 23, 24, 25]) {
      const bytes = Array.from({ length }, (_, i) => (i * 97 + 13) & 255)
      const expected = btoa(String.fromCharCode(...bytes))
      expect(bytesToBase64(bytes)).toBe(expected)
      expect([...base64ToBytes(expected)]).toEqual(bytes)
    }
  })

  it('reads URL-safe and unpadded base64 too', () => {
    const bytes = [251, 255, 191, 0, 1]
    const standard = bytesToBase64(bytes) // '+/+/AAE='
    expect([...base64ToBytes(standard.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''))]).toEqual(bytes)
  })
})

describe('rgbaToPngDataUrl', () => {
  it('writes the same PNG as thumbhash’s rgbaToDataURL, byte for byte', () => {
    const rgba = image(16, 12, (x, y) => [x * 16, y * 20, (x * y) & 255, 255 - x])
    expect(rgbaToPngDataUrl(16, 12, rgba)).toBe(rgbaToDataURL(16, 12, rgba))
    expect(rgbaToPngDataUrl(1, 1, [1, 2, 3, 4])).toBe(rgbaToDataURL(1, 1, [1, 2, 3, 4]))
  })
})

describe('thumbHashPlaceholder', () => {
  // A 4:3 photo: a red sky over a green field.
  const photo = image(100, 75, (_x, y) => (y < 37 ? [220, 40, 40, 255] : [40, 180, 60, 255]))
  const hash = hashOf(100, 75, photo)

  it('decodes the average colour and the aspect ratio the hash carries', () => {
    const placeholder = thumbHashPlaceholder(hash, true)
    const [r, g, b] = (placeholder?.color.match(/\d+/g) ?? []).map(Number)
    // Half red, half green: the average is both, and little blue.
    expect(r).toBeGreaterThan(100)
    expect(g).toBeGreaterThan(80)
    expect(b).toBeLessThan(80)
    expect(placeholder?.aspectRatio).toBeCloseTo(4 / 3, 0)
    expect(placeholder?.dataUrl).toBeUndefined() // colour only: nothing decoded
  })

  it('decodes a blurred image at half the decoder’s size: 2×2 averages of its pixels, about 1 KB', () => {
    const placeholder = thumbHashPlaceholder(hash)
    const png = readPng(placeholder?.dataUrl as string)
    const full = thumbHashToRGBA(base64ToBytes(hash))
    expect([png.w, png.h]).toEqual([full.w >> 1, full.h >> 1])
    const at = (x: number, y: number, c: number) => full.rgba[(y * full.w + x) * 4 + c] as number
    for (const [x, y] of [[0, 0], [3, 2], [png.w - 1, png.h - 1]] as const)
      for (let c = 0; c < 4; c++) {
        const mean = (at(2 * x, 2 * y, c) + at(2 * x + 1, 2 * y, c) + at(2 * x, 2 * y + 1, c) + at(2 * x + 1, 2 * y + 1, c) + 2) >> 2
        expect(png.rgba[(y * png.w + x) * 4 + c]).toBe(mean)
      }
    // The top is red, the bottom green, as in the photo.
    expect(png.rgba[0]).toBeGreaterThan(png.rgba[0 + 1] as number)
    const bottom = ((png.h - 1) * png.w) * 4
    expect(png.rgba[bottom + 1]).toBeGreaterThan(png.rgba[bottom] as number)
    expect(placeholder?.dataUrl?.length).toBeLessThan(1600)
  })

  it('gives nothing (a grey box) for a missing or broken hash, and never throws', () => {
    expect(thumbHashPlaceholder(undefined)).toBeUndefined()
    expect(thumbHashPlaceholder('')).toBeUndefined()
    expect(thumbHashPlaceholder('@@')).toBeUndefined()
  })
})
