import type { Kysely } from 'kysely'
import { shanghaiDate, type PublishProductRequest } from '@tianyuan/contracts'
import type { Database } from '../platform/db'
import type { Logger } from '../platform/logging'
import type { MediaStorage } from '../platform/media/storage'
import { newId } from '../platform/ids'
import { uploadMedia } from '../modules/media/service'
import { marketDb } from '../modules/market/schema'
import { addPickupPoint, createShop, findOwnShop, publishProduct } from '../modules/market/seller'
import { DEFAULT_HOLD_MS, type MarketDeps } from '../modules/market/shared'
import { renderPicture, type PictureKind } from './pictures'

/**
 * Demo data for 田园集市: a dozen sellers from real places with what those places grow, about 60
 * products. Everything goes through the real services (media upload → thumbhash and variants;
 * shop, pickup point and product rules), so the data is what a seller could have made.
 *
 * Idempotent: sellers are found by a fixed openid, and one that already has a shop is skipped —
 * running it twice, or on a database that has them, adds nothing.
 *
 * Pictures: each product shows an illustration of what it is (pictures.ts; no free photographs of
 * these products are within reach), uploaded through the media service like any seller's photo.
 * A shop's cover is the picture of its first product.
 */

type Item = Pick<PublishProductRequest, 'title' | 'grade' | 'unit' | 'priceFen' | 'stock' | 'categoryId'> & {
  /** What its picture shows (pictures.ts). */
  picture: PictureKind
  /** Days before today it was harvested. */
  daysAgo: number
  description: string
}

interface SeedSeller {
  key: string
  nickname: string
  shop: string
  village: string
  /** Shorter origin shown on products (village, town or county). */
  origin: string
  intro: string
  pickup: { name: string; address: string }
  items: Item[]
}

const SELLERS: SeedSeller[] = [
  {
    key: '01',
    nickname: '张建国',
    shop: '凤栖镇老张苹果园',
    village: '陕西省延安市洛川县凤栖镇谷咀村',
    origin: '陕西省洛川县凤栖镇',
    intro: '黄土高原上种了二十年苹果，果园海拔1100米，昼夜温差大，果子脆甜。',
    pickup: { name: '谷咀村村委会', address: '洛川县凤栖镇谷咀村村委会大院' },
    items: [
      { title: '洛川红富士苹果 80mm以上', picture: 'apple', grade: '特级', unit: '斤', priceFen: 880, stock: 600, categoryId: 'fruit', daysAgo: 20, description: '霜降后摘的红富士，套袋种植，个大皮薄。' },
      { title: '洛川红富士苹果 75-80mm', picture: 'apple', grade: '一级', unit: '斤', priceFen: 650, stock: 900, categoryId: 'fruit', daysAgo: 20, description: '家庭装，口感和特级一样，个头略小。' },
      { title: '洛川苹果 礼盒12个装', picture: 'apple', grade: '特级', unit: '箱', priceFen: 6800, stock: 120, categoryId: 'fruit', daysAgo: 18, description: '每个都挑过，适合送亲戚。' },
      { title: '苹果次果（有小疤）', picture: 'apple', grade: '二级', unit: '斤', priceFen: 350, stock: 400, categoryId: 'fruit', daysAgo: 22, description: '有冰雹小疤，不影响吃，榨汁做酱都好。' },
      { title: '自晒苹果干', picture: 'apple', grade: '一级', unit: '斤', priceFen: 3200, stock: 80, categoryId: 'specialty', daysAgo: 10, description: '切片自然晾晒，不加糖。' },
    ],
  },
  {
    key: '02',
    nickname: '王秀兰',
    shop: '五寨县秀兰杂粮',
    village: '山西省忻州市五寨县砚城镇小河头村',
    origin: '山西省五寨县',
    intro: '五寨是小米之乡，自家旱地种的谷子，石碾子碾的米。',
    pickup: { name: '砚城镇供销社', address: '五寨县砚城镇东街供销社门口' },
    items: [
      { title: '五寨黄小米 新米', picture: 'grain', grade: '一级', unit: '斤', priceFen: 900, stock: 500, categoryId: 'grain', daysAgo: 45, description: '今年新谷，熬粥有米油。' },
      { title: '五寨黄小米 5斤装', picture: 'grain', grade: '一级', unit: '箱', priceFen: 4200, stock: 150, categoryId: 'grain', daysAgo: 45, description: '真空包装，5斤一袋。' },
      { title: '莜面（燕麦面粉）', picture: 'grain', grade: '一级', unit: '斤', priceFen: 800, stock: 300, categoryId: 'grain', daysAgo: 60, description: '做莜面栲栳栳、莜面鱼鱼。' },
      { title: '红芸豆', picture: 'beans', grade: '二级', unit: '斤', priceFen: 750, stock: 200, categoryId: 'grain', daysAgo: 55, description: '颗粒饱满，煮粥炖肉都行。' },
      { title: '黍子黄米', picture: 'grain', grade: '一级', unit: '斤', priceFen: 850, stock: 180, categoryId: 'grain', daysAgo: 50, description: '包黄米糕、蒸年糕用。' },
    ],
  },
  {
    key: '03',
    nickname: '向春花',
    shop: '椒园镇春花土鸡蛋',
    village: '湖北省恩施州宣恩县椒园镇黄坪村',
    origin: '湖北省宣恩县椒园镇',
    intro: '山上散养的土鸡，吃玉米和虫子，每天早上捡蛋。',
    pickup: { name: '黄坪村小卖部', address: '宣恩县椒园镇黄坪村三组路口小卖部' },
    items: [
      { title: '散养土鸡蛋 30枚', picture: 'egg', grade: '一级', unit: '箱', priceFen: 4500, stock: 200, categoryId: 'eggs_meat', daysAgo: 1, description: '三天内的新鲜蛋，每枚都照过灯。' },
      { title: '散养土鸡蛋 按斤称', picture: 'egg', grade: '一级', unit: '斤', priceFen: 1200, stock: 300, categoryId: 'eggs_meat', daysAgo: 1, description: '一斤大约8到9个。' },
      { title: '土鸡（整只，约3斤）', picture: 'chicken', grade: '一级', unit: '斤', priceFen: 3800, stock: 60, categoryId: 'eggs_meat', daysAgo: 2, description: '养足一年的土鸡，现杀真空冷冻发货。' },
      { title: '恩施富硒绿茶', picture: 'greenTea', grade: '特级', unit: '斤', priceFen: 16800, stock: 40, categoryId: 'specialty', daysAgo: 200, description: '明前采摘，自家炒制。' },
      { title: '土家腊肉', picture: 'curedMeat', grade: '一级', unit: '斤', priceFen: 5800, stock: 90, categoryId: 'eggs_meat', daysAgo: 30, description: '柴火熏了一个月。' },
    ],
  },
  {
    key: '04',
    nickname: '杨应福',
    shop: '苍山西镇核桃合作社',
    village: '云南省大理州漾濞县苍山西镇光明村',
    origin: '云南省漾濞县',
    intro: '漾濞是核桃之乡，光明村的老核桃树有几百年了。',
    pickup: { name: '光明村核桃收购点', address: '漾濞县苍山西镇光明村合作社仓库' },
    items: [
      { title: '漾濞泡核桃（薄壳）', picture: 'walnut', grade: '特级', unit: '斤', priceFen: 2200, stock: 500, categoryId: 'nuts', daysAgo: 70, description: '手一捏就开，仁饱满。' },
      { title: '漾濞泡核桃', picture: 'walnut', grade: '一级', unit: '斤', priceFen: 1600, stock: 800, categoryId: 'nuts', daysAgo: 70, description: '个头略小，好吃不贵。' },
      { title: '核桃仁（去壳）', picture: 'walnut', grade: '一级', unit: '斤', priceFen: 4800, stock: 150, categoryId: 'nuts', daysAgo: 60, description: '手工剥仁，半边仁为主。' },
      { title: '核桃礼盒 5斤装', picture: 'walnut', grade: '特级', unit: '箱', priceFen: 11800, stock: 60, categoryId: 'nuts', daysAgo: 65, description: '挑过的大核桃。' },
      { title: '野生核桃油', picture: 'oil', grade: '一级', unit: 'kg', priceFen: 16000, stock: 30, categoryId: 'specialty', daysAgo: 40, description: '冷榨，适合给小孩拌饭。' },
    ],
  },
  {
    key: '05',
    nickname: '刘德胜',
    shop: '绥阳镇德胜黑木耳',
    village: '黑龙江省牡丹江市东宁市绥阳镇河西村',
    origin: '黑龙江省东宁市绥阳镇',
    intro: '绥阳镇家家种木耳，我们是秋耳，晒干后泡发率高。',
    pickup: { name: '河西村木耳大棚', address: '东宁市绥阳镇河西村东头大棚区' },
    items: [
      { title: '东北秋木耳（小碗耳）', picture: 'woodEar', grade: '特级', unit: '斤', priceFen: 6800, stock: 200, categoryId: 'fungi', daysAgo: 50, description: '朵小肉厚，泡发一斤出十斤。' },
      { title: '东北黑木耳', picture: 'woodEar', grade: '一级', unit: '斤', priceFen: 4800, stock: 300, categoryId: 'fungi', daysAgo: 50, description: '家常炒菜凉拌都行。' },
      { title: '榛蘑（干）', picture: 'mushroom', grade: '一级', unit: '斤', priceFen: 7800, stock: 80, categoryId: 'fungi', daysAgo: 60, description: '小鸡炖蘑菇就用它。' },
      { title: '东北大米 长粒香', picture: 'rice', grade: '一级', unit: 'kg', priceFen: 1200, stock: 400, categoryId: 'grain', daysAgo: 40, description: '今年新米。' },
      { title: '松子（开口）', picture: 'pineNuts', grade: '一级', unit: '斤', priceFen: 9800, stock: 70, categoryId: 'nuts', daysAgo: 55, description: '长白山红松松子。' },
    ],
  },
  {
    key: '06',
    nickname: '马国强',
    shop: '汝阳县国强红薯',
    village: '河南省洛阳市汝阳县上店镇石门村',
    origin: '河南省汝阳县',
    intro: '山坡沙土地种的红薯，面甜，冬天烤着吃最香。',
    pickup: { name: '上店镇集市', address: '汝阳县上店镇逢集日十字街口' },
    items: [
      { title: '沙地红薯（烟薯25）', picture: 'sweetPotato', grade: '一级', unit: '斤', priceFen: 350, stock: 1500, categoryId: 'vegetables', daysAgo: 30, description: '流蜜的烤红薯。' },
      { title: '红薯 10斤装', picture: 'sweetPotato', grade: '一级', unit: '箱', priceFen: 3200, stock: 200, categoryId: 'vegetables', daysAgo: 30, description: '中等个头，大小均匀。' },
      { title: '手工红薯粉条', picture: 'noodles', grade: '一级', unit: '斤', priceFen: 1500, stock: 250, categoryId: 'specialty', daysAgo: 15, description: '纯红薯淀粉，不加明矾。' },
      { title: '紫薯', picture: 'sweetPotato', grade: '二级', unit: '斤', priceFen: 400, stock: 600, categoryId: 'vegetables', daysAgo: 28, description: '蒸着吃，颜色好看。' },
      { title: '小磨香油', picture: 'oil', grade: '一级', unit: 'kg', priceFen: 9000, stock: 50, categoryId: 'specialty', daysAgo: 20, description: '石磨芝麻油。' },
    ],
  },
  {
    key: '07',
    nickname: '买买提·艾力',
    shop: '温宿县红枣园',
    village: '新疆阿克苏地区温宿县佳木镇',
    origin: '新疆温宿县',
    intro: '阿克苏的太阳足，枣子在树上自然晾干才摘。',
    pickup: { name: '佳木镇快递点', address: '温宿县佳木镇巴扎旁快递代收点' },
    items: [
      { title: '灰枣（骏枣）', picture: 'jujube', grade: '特级', unit: '斤', priceFen: 1800, stock: 700, categoryId: 'specialty', daysAgo: 35, description: '树上挂干，肉厚核小。' },
      { title: '灰枣', picture: 'jujube', grade: '一级', unit: '斤', priceFen: 1200, stock: 900, categoryId: 'specialty', daysAgo: 35, description: '日常吃，煮粥泡水都好。' },
      { title: '阿克苏冰糖心苹果', picture: 'apple', grade: '一级', unit: '斤', priceFen: 780, stock: 800, categoryId: 'fruit', daysAgo: 25, description: '切开有糖心。' },
      { title: '纸皮核桃', picture: 'walnut', grade: '一级', unit: '斤', priceFen: 1900, stock: 400, categoryId: 'nuts', daysAgo: 75, description: '新疆薄皮核桃。' },
      { title: '葡萄干（无籽）', picture: 'grapes', grade: '一级', unit: '斤', priceFen: 2200, stock: 300, categoryId: 'nuts', daysAgo: 90, description: '自然晾房风干。' },
    ],
  },
  {
    key: '08',
    nickname: '田玉梅',
    shop: '中宁县玉梅枸杞',
    village: '宁夏中卫市中宁县舟塔乡铁渠村',
    origin: '宁夏中宁县',
    intro: '中宁是枸杞之乡，黄河水浇的枸杞地。',
    pickup: { name: '铁渠村村部', address: '中宁县舟塔乡铁渠村村部' },
    items: [
      { title: '中宁头茬枸杞', picture: 'goji', grade: '特级', unit: '斤', priceFen: 6800, stock: 150, categoryId: 'specialty', daysAgo: 120, description: '夏果头茬，颗粒大。' },
      { title: '中宁枸杞', picture: 'goji', grade: '一级', unit: '斤', priceFen: 4200, stock: 300, categoryId: 'specialty', daysAgo: 100, description: '泡水煲汤。' },
      { title: '黑枸杞', picture: 'goji', grade: '一级', unit: '斤', priceFen: 12800, stock: 40, categoryId: 'specialty', daysAgo: 110, description: '泡水是蓝紫色。' },
      { title: '宁夏硒砂瓜', picture: 'watermelon', grade: '一级', unit: '斤', priceFen: 250, stock: 0, categoryId: 'fruit', daysAgo: 100, description: '今年已卖完，明年七月再来。' },
      { title: '滩羊肉（切块）', picture: 'meat', grade: '一级', unit: 'kg', priceFen: 16800, stock: 60, categoryId: 'eggs_meat', daysAgo: 3, description: '盐池滩羊，冷冻发货。' },
    ],
  },
  {
    key: '09',
    nickname: '李绍华',
    shop: '会理石榴李家园',
    village: '四川省凉山州会理市鹿厂镇铜矿村',
    origin: '四川省会理市',
    intro: '会理软籽石榴，籽能嚼着吃。',
    pickup: { name: '鹿厂镇石榴市场', address: '会理市鹿厂镇石榴交易市场3号摊' },
    items: [
      { title: '会理突尼斯软籽石榴', picture: 'pomegranate', grade: '特级', unit: '斤', priceFen: 1280, stock: 300, categoryId: 'fruit', daysAgo: 50, description: '籽软可以直接嚼。' },
      { title: '会理青皮石榴', picture: 'pomegranate', grade: '一级', unit: '斤', priceFen: 780, stock: 500, categoryId: 'fruit', daysAgo: 55, description: '皮薄汁多。' },
      { title: '石榴礼盒 8个装', picture: 'pomegranate', grade: '特级', unit: '箱', priceFen: 8800, stock: 80, categoryId: 'fruit', daysAgo: 50, description: '每个一斤左右。' },
      { title: '会理黑山羊腊肉', picture: 'curedMeat', grade: '一级', unit: 'kg', priceFen: 18000, stock: 30, categoryId: 'eggs_meat', daysAgo: 40, description: '山里放养的黑山羊。' },
      { title: '野生蜂蜜', picture: 'honey', grade: '一级', unit: 'kg', priceFen: 12000, stock: 45, categoryId: 'specialty', daysAgo: 80, description: '山上土蜂的百花蜜。' },
    ],
  },
  {
    key: '10',
    nickname: '钟远明',
    shop: '寻乌县远明脐橙',
    village: '江西省赣州市寻乌县澄江镇周田村',
    origin: '江西省寻乌县',
    intro: '赣南脐橙，十一月下旬开摘，树上留到最甜。',
    pickup: { name: '周田村果园门口', address: '寻乌县澄江镇周田村钟家果园' },
    items: [
      { title: '赣南脐橙 大果', picture: 'orange', grade: '特级', unit: '斤', priceFen: 600, stock: 1200, categoryId: 'fruit', daysAgo: 3, description: '现摘现发，果径80mm以上。' },
      { title: '赣南脐橙 中果', picture: 'orange', grade: '一级', unit: '斤', priceFen: 450, stock: 1500, categoryId: 'fruit', daysAgo: 3, description: '家庭装。' },
      { title: '脐橙 10斤装', picture: 'orange', grade: '一级', unit: '箱', priceFen: 4500, stock: 300, categoryId: 'fruit', daysAgo: 3, description: '坏果包赔。' },
      { title: '百香果', picture: 'passionFruit', grade: '一级', unit: '斤', priceFen: 800, stock: 200, categoryId: 'fruit', daysAgo: 12, description: '皱皮的更甜。' },
      { title: '客家米粉', picture: 'noodles', grade: '一级', unit: 'kg', priceFen: 1600, stock: 150, categoryId: 'specialty', daysAgo: 20, description: '晒干的米粉。' },
    ],
  },
  {
    key: '11',
    nickname: '孙桂芝',
    shop: '安丘桂芝大姜',
    village: '山东省潍坊市安丘市石埠子镇',
    origin: '山东省安丘市',
    intro: '安丘大姜，窖藏的老姜辣味足。',
    pickup: { name: '石埠子镇姜窖', address: '安丘市石埠子镇孙家姜窖' },
    items: [
      { title: '安丘大姜（老姜）', picture: 'ginger', grade: '一级', unit: '斤', priceFen: 500, stock: 1000, categoryId: 'vegetables', daysAgo: 40, description: '窖藏老姜。' },
      { title: '章丘大葱', picture: 'scallion', grade: '一级', unit: '斤', priceFen: 300, stock: 800, categoryId: 'vegetables', daysAgo: 10, description: '葱白长，甜。' },
      { title: '大蒜（紫皮）', picture: 'garlic', grade: '一级', unit: '斤', priceFen: 650, stock: 600, categoryId: 'vegetables', daysAgo: 150, description: '独头率高。' },
      { title: '花生（带壳）', picture: 'peanuts', grade: '一级', unit: '斤', priceFen: 700, stock: 500, categoryId: 'nuts', daysAgo: 70, description: '今年新花生。' },
      { title: '地瓜干', picture: 'sweetPotato', grade: '一级', unit: '斤', priceFen: 1500, stock: 200, categoryId: 'specialty', daysAgo: 15, description: '蒸熟切条晒干。' },
    ],
  },
  {
    key: '12',
    nickname: '黄春燕',
    shop: '田东县春燕芒果',
    village: '广西百色市田东县林逢镇',
    origin: '广西田东县',
    intro: '百色芒果，六到九月上市，冬天卖自家做的果干。',
    pickup: { name: '林逢镇农贸市场', address: '田东县林逢镇农贸市场东门' },
    items: [
      { title: '芒果干（无添加）', picture: 'mango', grade: '一级', unit: '斤', priceFen: 3600, stock: 150, categoryId: 'specialty', daysAgo: 90, description: '桂七芒果切片烘干。' },
      { title: '百色桂七芒果', picture: 'mango', grade: '一级', unit: '斤', priceFen: 900, stock: 0, categoryId: 'fruit', daysAgo: 100, description: '今年已卖完。' },
      { title: '沙糖桔', picture: 'orange', grade: '一级', unit: '斤', priceFen: 500, stock: 900, categoryId: 'fruit', daysAgo: 5, description: '皮薄好剥。' },
      { title: '香蕉', picture: 'banana', grade: '二级', unit: '斤', priceFen: 300, stock: 600, categoryId: 'fruit', daysAgo: 4, description: '八成熟发货，放两天就黄。' },
      { title: '百色红茶', picture: 'blackTea', grade: '一级', unit: '斤', priceFen: 9800, stock: 50, categoryId: 'specialty', daysAgo: 150, description: '高山茶园。' },
    ],
  },
]

export interface SeedMarketDeps {
  db: Kysely<Database>
  storage: MediaStorage
  now: () => number
  logger?: Logger
  maxBytes?: number
  maxPixels?: number
}

/** Adds the demo sellers and products that are not there yet. Returns how many sellers were added. */
export async function seedMarket(deps: SeedMarketDeps): Promise<{ sellers: number; products: number }> {
  const db = marketDb(deps.db)
  const market: MarketDeps = { db, now: deps.now, holdMs: DEFAULT_HOLD_MS, paymentTimeoutMs: 15 * 60_000 }
  const media = { db: deps.db, storage: deps.storage, maxBytes: deps.maxBytes ?? 10 * 1024 * 1024, maxPixels: deps.maxPixels ?? 40_000_000, now: deps.now }
  let sellers = 0
  let products = 0
  for (const seller of SELLERS) {
    const userId = await ensureUser(deps.db, `seed-market-seller-${seller.key}`, seller.nickname, deps.now())
    if (await findOwnShop(db, userId)) continue
    // One upload per kind of product the seller sells, as a seller would photograph each once.
    const pictures = new Map<PictureKind, string>()
    for (const { picture } of seller.items) {
      if (!pictures.has(picture)) pictures.set(picture, (await uploadMedia(media, userId, await renderPicture(picture))).id)
    }
    const pictureOf = (kind: PictureKind) => pictures.get(kind) as string
    try {
      await createShop(market, userId, { name: seller.shop, village: seller.village, intro: seller.intro, photoId: pictureOf(seller.items[0]!.picture) })
    } catch {
      continue // created meanwhile by another run
    }
    await addPickupPoint(market, userId, seller.pickup)
    for (const item of seller.items) {
      const { daysAgo, picture, ...fields } = item
      await publishProduct(market, userId, {
        ...fields,
        origin: seller.origin,
        harvestDate: shanghaiDate(deps.now() - daysAgo * 86_400_000),
        photoIds: [pictureOf(picture)],
      })
      products++
    }
    sellers++
  }
  if (sellers) deps.logger?.info({ sellers, products }, 'market demo data seeded')
  return { sellers, products }
}

/** True when the market has no shops at all: a first start. */
export async function marketIsEmpty(db: Kysely<Database>): Promise<boolean> {
  return !(await marketDb(db).selectFrom('market_shops').select('id').limit(1).executeTakeFirst())
}

async function ensureUser(db: Kysely<Database>, openid: string, nickname: string, now: number): Promise<string> {
  await db
    .insertInto('users')
    .values({ id: newId(), openid, unionid: null, nickname, avatar_media_id: null, phone: null, phone_country_code: null, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('openid').doNothing())
    .execute()
  const row = await db.selectFrom('users').select('id').where('openid', '=', openid).executeTakeFirstOrThrow()
  return row.id
}

/** Every demo product's title and picture (for the test that each picture shows its product). */
export const SEED_MARKET_PICTURES: ReadonlyArray<{ title: string; picture: PictureKind }> = SELLERS.flatMap((s) =>
  s.items.map(({ title, picture }) => ({ title, picture })),
)

export const SEED_MARKET_SELLERS = SELLERS.length
export const SEED_MARKET_PRODUCTS = SELLERS.reduce((n, s) => n + s.items.length, 0)
