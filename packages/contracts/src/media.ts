import { z } from 'zod'
import { IsoDateTime } from './time'
import { MediaId } from './auth'

export { MediaId }

import { MEDIA_FORMATS, MEDIA_QUALITIES, MEDIA_WIDTHS } from './media-variants'

export { MEDIA_FORMATS, MEDIA_QUALITIES, MEDIA_WIDTHS }

export const MediaFormat = z.enum(MEDIA_FORMATS)
export type MediaFormat = z.infer<typeof MediaFormat>

const IntParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,5}$/, { message: '应为整数' })
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))

/** Query of `GET /api/media/:id`. */
export const MediaVariantQuery = z.strictObject({
  w: z.optional(IntParam(1, 4096)),
  q: z.optional(IntParam(1, 100)),
  fmt: z.optional(MediaFormat),
})
export type MediaVariantQuery = z.input<typeof MediaVariantQuery>

/**
 * The one photo shape every response carries (a product's, a shop's, a doctor's, a message's): the
 * id for `GET /api/media/:id?w=…` and what a placeholder needs before the image loads.
 */
export const Photo = z.strictObject({
  id: MediaId,
  width: z.number().int(),
  height: z.number().int(),
  /** Base64 ThumbHash: decode into a blurred placeholder while the image loads. */
  thumbhash: z.string(),
})
export type Photo = z.infer<typeof Photo>

export const MediaMeta = z.strictObject({
  id: MediaId,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Base64 ThumbHash (about 25 bytes): decode into a blurred placeholder while the image loads. */
  thumbhash: z.string(),
  mime: z.enum(['image/jpeg', 'image/png', 'image/webp']),
  bytes: z.number().int().nonnegative(),
  createdAt: IsoDateTime,
})
export type MediaMeta = z.infer<typeof MediaMeta>

export const DeleteMediaResponse = z.strictObject({ ok: z.literal(true) })
export type DeleteMediaResponse = z.infer<typeof DeleteMediaResponse>

export const MediaListResponse = z.strictObject({ items: z.array(MediaMeta) })
export type MediaListResponse = z.infer<typeof MediaListResponse>
