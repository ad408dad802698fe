// Runs the real API for the microloan's simulator suites, in its own Node process (see
// @tianyuan/sim's child-server for why): temp SQLite (NODE_ENV=test: nothing seeded at start),
// the WeChat sandbox mounted at /wechat-sandbox; then a credit officer (信贷员) — a sandbox
// villager whose user gets a loan_officers row — who publishes three products over HTTP through
// the officer's own endpoint, as in the workbench; and 通知到人's demo notices. Announces { url, officer, products } when
// ready; SIGTERM shuts it down and removes the data.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { LoanProduct, LoanProductResponse, MeResponse, PublishLoanProductRequest } from '@tianyuan/contracts/types'
import { runChildServer } from '@tianyuan/sim/child-server'
import { signIn } from '@tianyuan/sim/sandbox'

/** The one Kysely call this script makes. */
interface InsertOnly {
  insertInto(table: string): { values(row: Record<string, unknown>): { execute(): Promise<unknown> } }
}

/** What this script uses of @tianyuan/api (typed here: see API_MODULE). */
interface ApiModule {
  loadConfig(env: Record<string, string>): unknown
  startServer(options: { config: unknown }): Promise<{ url: string; db: { kysely: InsertOnly }; sandbox: unknown; shutdown(): Promise<void> }>
  /** 通知到人's organisations and a live notice of every topic (one urgent): the home page's notice strip. */
  seedNotices(deps: { db: unknown; now: () => number }): Promise<{ notices: number }>
}

/** The officer every suite's approvals and disbursals come from (a sandbox villager's name). */
export const OFFICER = { name: '刘信贷', branch: '洛川县农商行城关支行' }

/** The demo products: one per farming need, every APR under the 12 % cap (4 × LPR). */
export const PRODUCTS: PublishLoanProductRequest[] = [
  {
    name: '春耕贷',
    category: 'spring_planting',
    description: '买种子、化肥、农药，春天借，秋收后还。',
    minAmountFen: 100_000,
    maxAmountFen: 2_000_000,
    amountStepFen: 10_000,
    termsMonths: [6, 10, 12],
    methods: ['equal_installment', 'equal_principal', 'bullet'],
    annualRateBp: 720,
  },
  {
    name: '养殖贷',
    category: 'livestock',
    description: '买猪苗、鸡苗、牛犊和饲料，出栏后还清也行。',
    minAmountFen: 500_000,
    maxAmountFen: 2_000_000,
    amountStepFen: 100_000,
    termsMonths: [12, 24],
    methods: ['equal_installment', 'interest_monthly'],
    annualRateBp: 800,
    installmentFeeBp: 10,
  },
  {
    name: '农机贷',
    category: 'machinery',
    description: '买或修微耕机、播种机、脱粒机。',
    minAmountFen: 1_000_000,
    maxAmountFen: 2_000_000,
    amountStepFen: 100_000,
    termsMonths: [12, 24, 36],
    methods: ['equal_installment', 'equal_principal'],
    annualRateBp: 680,
  },
]

/** What the suite learns when the API is ready (microloan-api.ts reads it). */
export interface MicroloanApiReady {
  url: string
  officer: { name: string; userId: string }
  /** As GET /api/loans/products lists them. */
  products: LoanProduct[]
}

// Loaded by name at run time, so that typechecking the app's tests does not typecheck the API's
// sources under the app's compiler settings (they differ: the API is checked by its own tsconfig).
const API_MODULE = '@tianyuan/api'

runChildServer(async () => {
  const api = (await import(API_MODULE)) as ApiModule
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'microloan-sim-'))
  const removeData = () => fs.rmSync(dir, { recursive: true, force: true })
  try {
    const config = api.loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent' })
    const server = await api.startServer({ config })
    if (!server.sandbox) throw new Error('the WeChat sandbox is not mounted (NODE_ENV=test should mount it)')
    const url = server.url.replace(/\/+$/, '')
    const products = await seedProducts(url, server.db.kysely)
    // The notices the home page's strip shows (an urgent cold-wave warning, the subsidy deadline, the co-op's fraud warning).
    await api.seedNotices({ db: server.db.kysely, now: Date.now })
    return { ready: { url, officer: { name: OFFICER.name, userId: products.officerUserId }, products: products.items }, shutdown: () => server.shutdown().finally(removeData) }
  } catch (error) {
    removeData()
    throw error
  }
})

async function seedProducts(url: string, db: InsertOnly) {
  const token = await signIn(url, OFFICER.name)
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  const me = (await (await fetch(`${url}/api/me`, { headers })).json()) as MeResponse
  // The officer's record is made by whoever runs the bank (no endpoint grants the role).
  await db.insertInto('loan_officers').values({ id: 'sim-officer-1', user_id: me.user.id, name: OFFICER.name, branch: OFFICER.branch, created_at: Date.now() }).execute()
  for (const product of PRODUCTS) {
    const res = await fetch(`${url}/api/loans/officer/products`, { method: 'POST', headers, body: JSON.stringify(product) })
    if (res.status !== 201) throw new Error(`publish ${product.name}: ${res.status} ${await res.text()}`)
    ;(await res.json()) as LoanProductResponse
  }
  const res = await fetch(`${url}/api/loans/products`)
  if (!res.ok) throw new Error(`GET /api/loans/products: ${res.status} ${await res.text()}`)
  return { officerUserId: me.user.id, items: ((await res.json()) as { items: LoanProduct[] }).items }
}
