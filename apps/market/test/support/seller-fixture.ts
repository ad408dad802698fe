// A seller with a shop, a pickup point and three products, made through the seller endpoints
// (the test database starts empty; the demo data is seeded only in development).
import fs from 'node:fs'
import path from 'node:path'
import type { Product, Shop } from '@tianyuan/contracts/types'
import { signIn } from '@tianyuan/sim/sandbox'

export const SELLER_USER = '老张'
const PHOTO = path.resolve(__dirname, '../../../api/src/seed/photos/brick.jpg')

export interface SellerFixture {
  token: string
  shop: Shop
  products: Product[]
}

/** '2026-11-20' for n days before today in Shanghai (UTC+8, no daylight saving). */
function shanghaiDaysAgo(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10)
}

export async function sellerFixture(base: string, user = SELLER_USER): Promise<SellerFixture> {
  const origin = new URL(base).origin
  const token = await signIn(origin, user)
  const call = async <T>(method: string, p: string, body: unknown, status = 201): Promise<T> => {
    const res = await fetch(`${origin}/api${p}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const text = await res.text()
    if (res.status !== status) throw new Error(`${method} ${p}: ${res.status} ${text}`)
    return JSON.parse(text) as T
  }
  const form = new FormData()
  form.append('file', new Blob([fs.readFileSync(PHOTO)], { type: 'image/jpeg' }), 'apple.jpg')
  const upload = await fetch(`${origin}/api/media`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
  if (upload.status !== 201) throw new Error(`upload: ${upload.status} ${await upload.text()}`)
  const photo = (await upload.json()) as { id: string }

  const { shop } = await call<{ shop: Shop }>('POST', '/market/seller/shop', { name: '老张家果园', village: '陕西省延安市洛川县凤栖镇谷咀村', intro: '自家果园，现摘现发', photoId: photo.id })
  await call('POST', '/market/seller/pickup-points', { name: '谷咀村村委会', address: '谷咀村村委会门口' })
  const products: Product[] = []
  for (const [title, priceFen, stock, unit] of [
    ['洛川红富士苹果', 680, 100, '斤'],
    ['黄土高原小米', 1200, 40, '斤'],
    ['土鸡蛋 30 枚', 4500, 5, '箱'],
  ] as const) {
    const { product } = await call<{ product: Product }>('POST', '/market/seller/products', {
      categoryId: title.includes('苹果') ? 'fruit' : title.includes('小米') ? 'grain' : 'eggs_meat',
      title,
      grade: '一级',
      origin: '陕西洛川',
      harvestDate: shanghaiDaysAgo(3),
      unit,
      priceFen,
      stock,
      photoIds: [photo.id],
    })
    products.push(product)
  }
  return { token, shop, products }
}
