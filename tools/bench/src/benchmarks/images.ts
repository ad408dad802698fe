// 3. Image bytes per screen: what NetImage asks for (chooseImageVariant) on the market home and
// the product list at each link class, fetched for real from the API, against the originals and
// against the physical budget of a warm 2G first screen (~20 KB).
import { chooseImageVariant } from '../../../../packages/sdk/src/image/variant'
import { IMAGE_POLICY } from '../../../../packages/sdk/src/image/variant'
import type { LinkClass } from '../../../../packages/sdk/src/network/link-class'
import { bodyBytes, startApiEnv } from '../api-env'
import { marketLayout } from '../app-source'
import type { Benchmark, ChartGroup, Headline } from '../types'

/** A warm first screen on 2G should fit in about this (shared/notes/weak-network.md: 20 KB ≈ 5 s at 50 kbps / 400 ms). */
export const WARM_2G_BUDGET_BYTES = 20 * 1024
const LINKS: LinkClass[] = ['good', 'slow', 'very-slow']
/** A common low-end Android phone's pixel ratio. */
const DPR = 2

interface Photo {
  id: string
  width: number
  height: number
}

export const imagesBenchmark: Benchmark = {
  name: 'images',
  title: 'Image bytes per screen (market)',
  async run(ctx) {
    const layout = marketLayout(ctx.root)
    const notes: string[] = []
    if (layout.photoWidth == null || layout.featuredCount == null) return { ok: false, error: `market layout constants not found (${JSON.stringify(layout)})`, headlines: [], charts: [], notes, data: { layout } }
    const env = await startApiEnv({ seed: true })
    try {
      const screens = [
        { screen: 'home (featured)', query: `size=${layout.featuredCount}`, extra: ['/api/market/categories'] },
        { screen: 'product list (page 1)', query: `size=${layout.pageSize ?? 20}`, extra: [] as string[] },
      ]
      const rows: (string | number)[][] = []
      const groups: ChartGroup[] = []
      const headlines: Headline[] = []
      const data: unknown[] = []
      for (const s of screens) {
        const listUrl = `${env.origin}/api/market/products?${s.query}`
        const list = (await (await fetch(listUrl)).json()) as { items: { photos: Photo[] }[] }
        const photos = list.items.map((p) => p.photos[0]).filter((p): p is Photo => !!p)
        let dataBytes = (await bodyBytes(listUrl, { 'accept-encoding': 'gzip' })).bytes
        for (const e of s.extra) dataBytes += (await bodyBytes(`${env.origin}${e}`, { 'accept-encoding': 'gzip' })).bytes
        let originalStored = 0
        let noPolicy = 0
        for (const p of photos) {
          const meta = (await (await fetch(`${env.origin}/api/media/${p.id}/meta`)).json()) as { bytes: number }
          originalStored += meta.bytes
          noPolicy += (await bodyBytes(`${env.origin}/api/media/${p.id}`)).bytes
        }
        const perLink: Record<string, { bytes: number; estimated: number; autoLoaded: boolean; variant: string }> = {}
        for (const link of LINKS) {
          let bytes = 0
          let estimated = 0
          let variant = ''
          for (const p of photos) {
            const v = chooseImageVariant({ media: p, displayWidth: layout.photoWidth, dpr: DPR, link, supportsWebp: true })
            variant = `w=${v.width} q=${v.quality} ${v.format}`
            estimated += v.estimatedBytes
            bytes += (await bodyBytes(`${env.origin}${v.url}`)).bytes
          }
          perLink[link] = { bytes, estimated, autoLoaded: !IMAGE_POLICY[link].tapToLoad, variant }
        }
        for (const link of LINKS) {
          const p = perLink[link] as { bytes: number; estimated: number; autoLoaded: boolean; variant: string }
          const auto = p.autoLoaded ? p.bytes : 0
          rows.push([s.screen, link, photos.length, p.variant, (p.bytes / 1024).toFixed(1), (p.estimated / 1024).toFixed(1), p.autoLoaded ? 'yes' : 'tap to load', ((dataBytes + auto) / 1024).toFixed(1), (noPolicy / 1024).toFixed(1), (originalStored / 1024).toFixed(1)])
        }
        groups.push({
          label: s.screen,
          bars: [
            ...LINKS.map((l) => ({ series: `NetImage ${l}`, value: (perLink[l] as { bytes: number }).bytes })),
            { series: 'policy off (/api/media/:id)', value: noPolicy },
            { series: 'stored originals', value: originalStored },
          ],
        })
        const veryslow = perLink['very-slow'] as { bytes: number }
        headlines.push({ metric: `${s.screen}: images on 2G (very-slow, all tapped)`, value: veryslow.bytes, baseline: noPolicy, unit: 'B', baselineLabel: 'policy off' })
        if (s.screen.startsWith('home')) {
          headlines.push({ metric: 'home warm 2G: data + images tapped', value: dataBytes + veryslow.bytes, baseline: WARM_2G_BUDGET_BYTES, unit: 'B', baselineLabel: '2G budget' })
        }
        data.push({ screen: s.screen, photos: photos.length, dataBytes, originalStored, noPolicy, perLink })
      }
      notes.push(`Display width ${layout.photoWidth} px (ProductCard PHOTO_WIDTH), DPR ${DPR}, WebP; home shows ${layout.featuredCount} products, the list ${layout.pageSize ?? 20} per page (read from the app's source).`)
      notes.push('"screen" = JSON the screen loads (gzip as sent) + the images NetImage loads by itself; on very-slow links images wait for a tap, so the automatic bytes are the data alone.')
      notes.push('"policy off" = `/api/media/:id` without `w` (the API default, 640 px q75 JPEG), what a plain `<image src>` would fetch; "stored originals" = the uploaded files (meta `bytes`).')
      return {
        headlines,
        charts: [{ title: 'Image bytes per screen', unit: 'B', groups, limit: { label: '2G warm budget', value: WARM_2G_BUDGET_BYTES } }],
        table: { columns: ['screen', 'link', 'images', 'variant', 'fetched KB', 'estimated KB', 'auto-load', 'screen KB (data + auto images)', 'policy off KB', 'stored originals KB'], rows },
        notes,
        data,
      }
    } finally {
      await env.close()
    }
  },
}
