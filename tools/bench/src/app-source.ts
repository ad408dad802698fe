// Reads the few layout constants the image benchmark needs from the market app's own source at
// run time (so the benchmark follows the app as it changes). Null when the app no longer has them.
import fs from 'node:fs'
import path from 'node:path'

export function readConstant(root: string, file: string, name: string): number | null {
  const full = path.join(root, file)
  if (!fs.existsSync(full)) return null
  const m = new RegExp(`\\bconst\\s+${name}\\s*=\\s*(\\d+(?:\\.\\d+)?)`).exec(fs.readFileSync(full, 'utf8'))
  return m ? Number(m[1]) : null
}

export interface MarketLayout {
  /** ProductCard's PHOTO_WIDTH (px). */
  photoWidth: number | null
  /** Home's FEATURED_COUNT. */
  featuredCount: number | null
  /** Product list's PAGE_SIZE. */
  pageSize: number | null
}

export function marketLayout(root: string): MarketLayout {
  return {
    photoWidth: readConstant(root, 'apps/market/src/features/catalog/components/ProductCard.tsx', 'PHOTO_WIDTH'),
    featuredCount: readConstant(root, 'apps/market/src/pages/index/index.tsx', 'FEATURED_COUNT'),
    pageSize: readConstant(root, 'apps/market/src/pkg/pages/products/index.tsx', 'PAGE_SIZE'),
  }
}
