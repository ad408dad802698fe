// Plain constants, no zod: the SDK picks image variants with these in every mini-program
// bundle (import from '@tianyuan/contracts/media-variants'); the API snaps requests to them.

/** The only widths a variant can have: keeps the cache bounded. Requests snap up to the next one. */
export const MEDIA_WIDTHS = [160, 320, 480, 640, 960] as const
/** The only qualities a variant can have; requests snap to the nearest. */
export const MEDIA_QUALITIES = [40, 50, 60, 75, 85] as const
export const MEDIA_FORMATS = ['webp', 'jpeg'] as const
