import { MEDIA_QUALITIES, MEDIA_WIDTHS } from '@tianyuan/contracts/media-variants'
import type { LinkClass } from '../network/link-class'

/**
 * Which variant of a photo to ask the API for. The bytes figures are measured
 * (../shared/notes/weak-network.md, real photos, sharp/libvips): halving the width cuts the
 * bytes ~3.6×, so capping the pixel ratio saves more than any quality setting.
 */
export interface ImagePolicy {
  /** Pixels per CSS px at most: a DPR-3 phone on 3G gets 1.5× pixels, not 3×. */
  dprCap: number
  quality: number
  /** Preload this many screen heights ahead of the viewport. */
  preloadScreens: number
  /** Show "点击加载图片（约 N KB）" instead of loading by itself. */
  tapToLoad: boolean
}

export const IMAGE_POLICY: Record<LinkClass, ImagePolicy> = {
  good: { dprCap: 2, quality: 75, preloadScreens: 1, tapToLoad: false },
  slow: { dprCap: 1.5, quality: 60, preloadScreens: 0.5, tapToLoad: false },
  'very-slow': { dprCap: 1, quality: 50, preloadScreens: 0, tapToLoad: true },
  // Nothing loads offline; the entry is what a queued image will use if the link comes back unclassified.
  offline: { dprCap: 1, quality: 50, preloadScreens: 0, tapToLoad: true },
}

/** The user's data-saver switch: the very slow policy, whatever the link. */
export const SAVE_DATA_POLICY: ImagePolicy = IMAGE_POLICY['very-slow']

/**
 * A width up to 20 % above a server step takes that step rather than the next one up: 750 px
 * wanted (375 at DPR 2), 640 served — 1.17× upscaled on a phone, not visible — instead of 960
 * (twice the bytes). Never more than 17 % soft.
 */
export const SNAP_TOLERANCE = 0.2

export type ImageFormat = 'webp' | 'jpeg'

export interface VariantInput {
  /** The media id, or the metadata (whose width and height then need not be repeated). */
  mediaId?: string
  media?: { id: string; width: number; height?: number }
  /** The original's width in px: the variant is never wider (the server never upscales). */
  mediaWidth?: number
  /** The original's height, for the byte estimate; 3:4 of the width when unknown. */
  mediaHeight?: number
  /** How wide the image is shown, in CSS px (Taro px on weapp). */
  displayWidth: number
  /** The device pixel ratio (SystemInfo.pixelRatio). */
  dpr: number
  link: LinkClass
  /** The user asked to save data. */
  saveData?: boolean
  /** The host shows WebP (SystemInfo.webp). */
  supportsWebp: boolean
  /** Steps down the width ladder (a retry after an error asks for a smaller variant). */
  smaller?: number
}

export interface ImageVariant {
  /** `/api/media/:id?w=&q=&fmt=`, relative to the API's origin. */
  url: string
  /** The `w` asked for (a server width). */
  width: number
  quality: number
  format: ImageFormat
  /** The pixels that will arrive: `width`, or the original's when narrower. */
  pixelWidth: number
  /** Expected size from the measured table, for "约 12 KB". */
  estimatedBytes: number
}

const WIDTHS: readonly number[] = MEDIA_WIDTHS
const QUALITIES: readonly number[] = MEDIA_QUALITIES
const LARGEST = WIDTHS[WIDTHS.length - 1] as number

/** The server width a wanted width snaps up to (with SNAP_TOLERANCE), capped at the largest. */
export function snapWidth(wanted: number): number {
  for (const width of WIDTHS) if (wanted <= width * (1 + SNAP_TOLERANCE)) return width
  return LARGEST
}

/** The server quality nearest to `quality`. */
export function snapQuality(quality: number): number {
  return QUALITIES.reduce((best, q) => (Math.abs(q - quality) < Math.abs(best - quality) ? q : best))
}

/**
 * Measured KB of a 320 px wide photo (median of real photos, about 4:3), at quality 50 and
 * 75 (mozjpeg for JPEG, as the API encodes).
 */
const KB_AT_320: Record<ImageFormat, { q50: number; q75: number }> = { webp: { q50: 8.0, q75: 11.0 }, jpeg: { q50: 7.2, q75: 11.7 } }
/** Bytes grow with width^1.8 (measured 160 → 320 → 640: ×3.1, ×3.6), and linearly with the height. */
const WIDTH_EXPONENT = 1.8
const MEASURED_ASPECT = 3 / 4

/** The expected size of a variant, from the measured table: a guide for "约 N KB", ±20 %. */
export function estimateImageBytes(format: ImageFormat, quality: number, pixelWidth: number, heightOverWidth = MEASURED_ASPECT): number {
  const { q50, q75 } = KB_AT_320[format]
  // Linear in quality between the two measured points, extended beyond them.
  const kb = q50 + ((quality - 50) / 25) * (q75 - q50)
  return Math.round(kb * 1024 * (pixelWidth / 320) ** WIDTH_EXPONENT * (heightOverWidth / MEASURED_ASPECT))
}

/** The variant to request for one image on this screen and this link. */
export function chooseImageVariant(input: VariantInput): ImageVariant {
  const id = input.media?.id ?? input.mediaId
  if (!id) throw new Error('chooseImageVariant: give media or mediaId')
  const originalWidth = input.mediaWidth ?? input.media?.width
  const originalHeight = input.mediaHeight ?? input.media?.height
  const policy = input.saveData ? SAVE_DATA_POLICY : IMAGE_POLICY[input.link]
  const wanted = input.displayWidth * Math.min(Math.max(input.dpr, 1), policy.dprCap)
  let width = snapWidth(wanted)
  // Past the original the server sends the original: ask for the step that covers it, so
  // every screen asking for "bigger than the photo" shares one cached URL.
  if (originalWidth && originalWidth > 0) width = Math.min(width, snapWidth(originalWidth))
  const index = Math.max(0, WIDTHS.indexOf(width) - (input.smaller ?? 0))
  width = WIDTHS[index] as number
  const format: ImageFormat = input.supportsWebp ? 'webp' : 'jpeg'
  const quality = snapQuality(policy.quality)
  const pixelWidth = originalWidth && originalWidth > 0 ? Math.min(width, originalWidth) : width
  const aspect = originalWidth && originalHeight ? originalHeight / originalWidth : MEASURED_ASPECT
  return {
    url: `/api/media/${encodeURIComponent(id)}?w=${width}&q=${quality}&fmt=${format}`,
    width,
    quality,
    format,
    pixelWidth,
    estimatedBytes: estimateImageBytes(format, quality, pixelWidth, aspect),
  }
}

/** The URL (relative to the API's origin) of the variant to request: see chooseImageVariant. */
export function pickImageVariant(input: VariantInput): string {
  return chooseImageVariant(input).url
}

/** "约 12 KB" for the tap-to-load label: whole KB, at least 1. */
export function formatKb(bytes: number): string {
  return `约 ${Math.max(1, Math.round(bytes / 1024))} KB`
}
