import type { Kysely } from 'kysely'
import { shanghaiDate, type PublishLoanProductRequest } from '@tianyuan/contracts'
import type { Database } from '../platform/db'
import { newId } from '../platform/ids'
import type { Logger } from '../platform/logging'
import { createOfficer } from '../modules/loans/applications'
import { publishProduct } from '../modules/loans/products'
import { loansDb } from '../modules/loans/schema'
import type { LoansSettings } from '../modules/loans/shared'

/**
 * 惠农小贷 demo data: four products for farming needs, with honest figures — nominal rates like
 * those rural commercial banks publish for 惠农 loans (5.4–8.4 % a year), two with no fee, two with a
 * small per-installment service fee whose true cost shows in the APR — every APR under the 12 % cap
 * (4 × LPR) — and one demo credit officer (信贷员).
 *
 * Officer user: the openid comes from `openidOf(name)` — in development the server passes the
 * sandbox's, so `POST /wechat-sandbox/sandbox/login {"user":"李建华"}` logs in as the officer.
 */
export const DEMO_OFFICER = { key: '01', name: '李建华', branch: '洛川县农商银行凤栖支行' }

export const DEMO_LOAN_PRODUCTS: ({ id: string } & PublishLoanProductRequest)[] = [
  {
    id: 'spring-planting',
    name: '春耕贷',
    category: 'spring_planting',
    description: '买种子、化肥、农药，春天借、秋收卖了粮再还：可以选到期一次还本付息，中间不用还钱。',
    minAmountFen: 2_000_00,
    maxAmountFen: 20_000_00,
    amountStepFen: 100_00,
    termsMonths: [6, 9, 12],
    methods: ['bullet', 'interest_monthly', 'equal_installment'],
    annualRateBp: 540,
  },
  {
    id: 'livestock',
    name: '养殖贷',
    category: 'livestock',
    description: '买猪崽、牛犊、鸡苗和饲料，按出栏周期选期限；每月还款或按月付息、到期还本。',
    minAmountFen: 5_000_00,
    maxAmountFen: 20_000_00,
    amountStepFen: 1_000_00,
    termsMonths: [6, 12, 18, 24],
    methods: ['equal_installment', 'equal_principal', 'interest_monthly'],
    annualRateBp: 660,
  },
  {
    id: 'machinery',
    name: '农机贷',
    category: 'machinery',
    description: '买微耕机、播种机、脱粒机这类小农机，期限长、每月还；另收每月 0.05% 的服务费，已算进年化利率。',
    minAmountFen: 10_000_00,
    maxAmountFen: 20_000_00,
    amountStepFen: 1_000_00,
    termsMonths: [12, 24, 36],
    methods: ['equal_installment', 'equal_principal'],
    annualRateBp: 720,
    installmentFeeBp: 5,
  },
  {
    id: 'farm-supplies',
    name: '农资应急贷',
    category: 'spring_planting',
    description: '农忙时临时缺钱买农资，小额、短期、到账快；另收每月 0.1% 的服务费，已算进年化利率。',
    minAmountFen: 1_000_00,
    maxAmountFen: 20_000_00,
    amountStepFen: 100_00,
    termsMonths: [3, 6],
    methods: ['equal_installment', 'bullet'],
    annualRateBp: 840,
    installmentFeeBp: 10,
  },
]

export interface SeedLoansDeps {
  db: Kysely<Database>
  now: () => number
  settings: LoansSettings
  logger?: Logger
  /** The openid the officer's user gets (the sandbox's, so a sandbox login by the officer's name is that officer). */
  openidOf?: (name: string) => string
}

/** Adds what is not there yet (idempotent): the products by id, the officer by user. */
export async function seedLoans(deps: SeedLoansDeps): Promise<{ products: number; officers: number }> {
  const db = loansDb(deps.db)
  const now = deps.now()
  let products = 0
  for (const [i, p] of DEMO_LOAN_PRODUCTS.entries()) {
    const exists = await db.selectFrom('loan_products').select('id').where('id', '=', p.id).executeTakeFirst()
    if (exists) continue
    const { id, ...request } = p
    try {
      await publishProduct(db, deps.settings, request, now, { id, sort: (i + 1) * 10, today: shanghaiDate(now) })
      products++
    } catch (error) {
      // Created meanwhile by another run, or refused by a lower cap in this configuration: say so.
      deps.logger?.warn({ err: error, product: id }, 'loan demo product not published')
    }
  }
  const openid = deps.openidOf ? deps.openidOf(DEMO_OFFICER.name) : `seed-loans-officer-${DEMO_OFFICER.key}`
  await deps.db
    .insertInto('users')
    .values({ id: newId(), openid, unionid: null, nickname: `${DEMO_OFFICER.name}（信贷员）`, avatar_media_id: null, phone: null, phone_country_code: null, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('openid').doNothing())
    .execute()
  const userId = (await deps.db.selectFrom('users').select('id').where('openid', '=', openid).executeTakeFirstOrThrow()).id
  const before = await db.selectFrom('loan_officers').select('id').where('user_id', '=', userId).executeTakeFirst()
  if (!before) await createOfficer(db, { userId, name: DEMO_OFFICER.name, branch: DEMO_OFFICER.branch }, now)
  if (products || !before) deps.logger?.info({ products, officer: !before }, 'loans demo data seeded')
  return { products, officers: before ? 0 : 1 }
}
