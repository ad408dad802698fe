import type { LoanCategory } from '@tianyuan/contracts/types'
import livestock from '../../assets/products/livestock.png'
import springPlanting from '../../assets/products/spring-planting.png'

export const PRODUCTS_PATH = '/loans/products'

/**
 * Products change rarely (an officer publishes one now and then): a copy younger than this is
 * shown without asking, so the calculator opened a second time costs no network at all, and the
 * home page on 2G shows its products from storage at once.
 */
export const PRODUCTS_FRESH_MS = 6 * 3600_000

/** A picture of what the category is about, or none (农机: no true picture: assets/products/LICENSES.md). */
export const CATEGORY_PICTURES: Partial<Record<LoanCategory, { src: string; alt: string }>> = {
  spring_planting: { src: springPlanting, alt: '谷穗（春耕）' },
  livestock: { src: livestock, alt: '鸡（养殖）' },
}
