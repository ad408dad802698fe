import { useContext } from 'react'
import { ImageConfig } from './net-image'

/**
 * The API origin photos come from and go to: the NetImageProvider's `baseUrl` ('' without a
 * provider: same-origin H5). Uploads to `/api/media` (@tianyuan/ui's photo slots) read it here,
 * so an app names its API origin once, in app.tsx.
 *
 * A module of its own, not in net-image.tsx: only pages that upload call it, and a module used
 * only by subpackages stays out of the main package, which carries net-image.tsx for every app.
 */
export function useMediaBaseUrl(): string {
  return useContext(ImageConfig)?.baseUrl ?? ''
}
