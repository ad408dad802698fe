import sharp from 'sharp'
import { rgbaToThumbHash } from 'thumbhash'
import { MEDIA_QUALITIES, MEDIA_WIDTHS, type MediaFormat } from '@tianyuan/contracts'

export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp'

// Only libvips' own code reads the bytes; keep its caches small on a 2-core box.
sharp.cache({ memory: 64, files: 0, items: 100 })
sharp.concurrency(1)

/** Decides the type from the first bytes (magic numbers), never from a file name or a header. */
export function sniffImageType(bytes: Uint8Array): ImageMime | null {
  const b = bytes
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) {
    return 'image/png'
  }
  if (
    b.length >= 12 &&
    String.fromCharCode(b[0]!, b[1]!, b[2]!, b[3]!) === 'RIFF' &&
    String.fromCharCode(b[8]!, b[9]!, b[10]!, b[11]!) === 'WEBP'
  ) {
    return 'image/webp'
  }
  return null
}

/** The longest side an original is kept at: larger photos from phones are scaled down once. */
export const ORIGINAL_MAX_SIDE = 2560

export interface NormalizedImage {
  bytes: Buffer
  width: number
  height: number
  thumbhash: string
}

/**
 * Makes an upload safe to keep: orientation applied (sharp's `.rotate()` reads EXIF Orientation),
 * all metadata (EXIF, GPS, XMP, ICC comments) dropped — sharp writes none unless asked — and the
 * size capped. Throws if the bytes do not decode. `input`: the bytes, or the path of a file holding them.
 */
export function normalizeUpload(input: Uint8Array | string, mime: ImageMime, maxPixels: number): Promise<NormalizedImage> {
  return oneOfFew(() => normalize(input, mime, maxPixels))
}

async function normalize(input: Uint8Array | string, mime: ImageMime, maxPixels: number): Promise<NormalizedImage> {
  const pipeline = sharp(input, { limitInputPixels: maxPixels, failOn: 'error' })
    .rotate()
    .resize({ width: ORIGINAL_MAX_SIDE, height: ORIGINAL_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
  const encoded =
    mime === 'image/png'
      ? pipeline.png({ compressionLevel: 9 })
      : mime === 'image/webp'
        ? pipeline.webp({ quality: 90 })
        : pipeline.jpeg({ quality: 90, mozjpeg: true })
  const { data, info } = await encoded.toBuffer({ resolveWithObject: true })
  return { bytes: data, width: info.width, height: info.height, thumbhash: await thumbhashOf(data) }
}

/**
 * How many uploads are decoded at once. Each holds a full-size photo in libvips' memory (a 12 MP
 * photo is ~36 MB decoded, more while mozjpeg encodes): 60 phones uploading at once must not mean
 * 60 of them in memory. Two keep both cores busy; the others wait their turn, on disk.
 */
const NORMALIZING_AT_ONCE = 2
let normalizing = 0
const waitingToNormalize: Array<() => void> = []

async function oneOfFew<T>(work: () => Promise<T>): Promise<T> {
  if (normalizing < NORMALIZING_AT_ONCE) normalizing++
  else await new Promise<void>((resolve) => waitingToNormalize.push(resolve)) // the slot is handed over
  try {
    return await work()
  } finally {
    const next = waitingToNormalize.shift()
    if (next) next()
    else normalizing--
  }
}

/** ThumbHash from a version at most 100 px on its longer side (the algorithm's limit). */
export async function thumbhashOf(image: Uint8Array): Promise<string> {
  const { data, info } = await sharp(image)
    .resize({ width: 100, height: 100, fit: 'inside' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
  return Buffer.from(rgbaToThumbHash(info.width, info.height, data)).toString('base64')
}

/** The smallest allowed width at least as wide as asked (the widest if none is). */
export function snapWidth(requested: number | undefined): number {
  const widths: readonly number[] = MEDIA_WIDTHS
  if (requested === undefined) return 640
  return widths.find((w) => w >= requested) ?? widths[widths.length - 1]!
}

/** The allowed quality nearest to the one asked for. */
export function snapQuality(requested: number | undefined): number {
  const qualities: readonly number[] = MEDIA_QUALITIES
  if (requested === undefined) return 75
  return qualities.reduce((best, q) => (Math.abs(q - requested) < Math.abs(best - requested) ? q : best))
}

export async function renderVariant(original: Uint8Array, width: number, quality: number, format: MediaFormat): Promise<Buffer> {
  const resized = sharp(original).resize({ width, withoutEnlargement: true })
  return format === 'webp'
    ? resized.webp({ quality, effort: 4 }).toBuffer()
    : resized.flatten({ background: '#ffffff' }).jpeg({ quality, mozjpeg: true }).toBuffer()
}
