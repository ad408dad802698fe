// 4. Flaky network: a scripted session of user actions — market orders, clinic bookings and
// consultation messages — through a lossy, slow proxy on loopback to the real API, once with the
// SDK (retries + Idempotency-Keys + offline queue) and once as plain single requests (the same-run
// baseline); actions completed, duplicates in the database, time.
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { createApiClient, type ApiClient } from '../../../../packages/sdk/src/request/client'
import { login, startApiEnv, type ApiEnv } from '../api-env'
import { createNodePlatform } from '../node-platform'
import { seededRandom, startFlakyProxy, type FaultPlan } from '../proxy'
import type { Benchmark, ChartGroup, Headline } from '../types'

export type ActionKind = 'order' | 'booking' | 'message'
export const ACTION_KINDS: readonly ActionKind[] = ['order', 'booking', 'message']

/**
 * The session's mix: of every 10 actions 4 orders, 3 bookings and 3 messages, and each villager
 * gets the mix too (action i is villager i mod users's (i div users)-th, its kind rotating with
 * the villager), so no one only orders.
 */
export function actionKind(i: number, users: number): ActionKind {
  const slot = (Math.floor(i / users) + (i % users)) % 10
  return slot < 4 ? 'order' : slot < 7 ? 'booking' : 'message'
}

/** A valid 18-digit 居民身份证号 for a birth date (GB 11643: ISO 7064 MOD 11-2 check character). */
export function idNumber(birth: string, seq: number): string {
  const first17 = `110105${birth}${String(seq).padStart(3, '0')}`
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...first17].reduce((s, ch, i) => s + Number(ch) * (weights[i] as number), 0)
  return first17 + ('10X98765432'[sum % 11] as string)
}

interface Villager {
  token: string
  patientId: string
  /** A paid booking (已预约), so this villager may write to the doctor. */
  consultationId: string | null
}

interface World {
  villagers: Villager[]
  goods: { productId: string; pickupPointId: string }[]
  /** Bookable text-consultation slots, each used by one booking only (so no booking collides with another). */
  slots: string[]
  nextSlot: number
}

export interface SessionResult {
  client: 'sdk' | 'plain'
  dropRate: number
  actions: number
  byKind: Record<ActionKind, { actions: number; completed: number; inDatabase: number; duplicates: number }>
  /** The client was told it worked (the SDK: done at once, or sent later from its queue). */
  completed: number
  /** Left in the SDK's queue or failed after the bounded flushes. */
  notCompleted: number
  /** Distinct actions found in the database. */
  inDatabase: number
  /** Rows beyond one per action: must be 0. */
  duplicates: number
  /** Actions that took effect though the client was told they failed (a villager would tap again). */
  doneButReportedFailed: number
  ms: number
  proxy: { exchanges: number; droppedRequests: number; droppedResponses: number }
}

const USERS = 10

async function call<T>(env: ApiEnv, method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(`${env.origin}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`)
  return JSON.parse(text) as T
}

/** Market products with stock and a pickup point, to order. */
async function marketGoods(env: ApiEnv): Promise<World['goods']> {
  const list = await call<{ items: { id: string; shopId: string; stock: number }[] }>(env, 'GET', '/api/market/products?size=50', null)
  const out: World['goods'] = []
  for (const p of list.items.filter((x) => x.stock >= 50).slice(0, 20)) {
    const shop = await call<{ shop: { pickupPoints: { id: string }[] } }>(env, 'GET', `/api/market/shops/${p.shopId}`, null)
    const point = shop.shop.pickupPoints[0]
    if (point) out.push({ productId: p.id, pickupPointId: point.id })
  }
  if (!out.length) throw new Error('no product with a pickup point in the seeded market')
  return out
}

/** Every bookable slot of the seeded doctors that offer text consultations. */
async function clinicSlots(env: ApiEnv): Promise<string[]> {
  const doctors = await call<{ items: { id: string }[] }>(env, 'GET', '/api/clinic/doctors?size=50', null)
  const slots: string[] = []
  for (const d of doctors.items) {
    const detail = await call<{ doctor: { fees?: { text?: number | null } }; schedule: { id: string; bookable: boolean }[] }>(env, 'GET', `/api/clinic/doctors/${d.id}`, null)
    if (detail.doctor.fees?.text === null) continue
    slots.push(...detail.schedule.filter((s) => s.bookable).map((s) => s.id))
  }
  return slots
}

/** Polls (bounded) until `probe` is true. */
async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/**
 * A booking paid through the real payments module and the in-process WeChat sandbox (the cashier's
 * confirm, then WeChat's signed notification), as the app does it: only then may the patient write.
 */
async function paidBooking(env: ApiEnv, world: World, v: Villager, symptoms: string): Promise<string> {
  const slotId = world.slots[world.nextSlot++]
  if (!slotId) throw new Error('ran out of clinic slots')
  const { appointment } = await call<{ appointment: { id: string } }>(env, 'POST', '/api/clinic/appointments', v.token, { slotId, patientId: v.patientId, mode: 'text', symptoms, followUp: true })
  const pay = await call<{ payment: { id: string }; requestPayment: { package: string } }>(env, 'POST', '/api/payments', v.token, { kind: 'clinic_appointment', orderId: appointment.id })
  const prepayId = pay.requestPayment.package.replace(/^prepay_id=/, '')
  const confirmed = await call<{ errMsg: string }>(env, 'POST', `/wechat-sandbox/sandbox/cashier/${encodeURIComponent(prepayId)}/confirm`, null, pay.requestPayment)
  if (confirmed.errMsg !== 'requestPayment:ok') throw new Error(`sandbox cashier: ${confirmed.errMsg}`)
  await until(`appointment ${appointment.id} to be paid`, async () => (await call<{ appointment: { status: string } }>(env, 'GET', `/api/clinic/appointments/${appointment.id}`, v.token)).appointment.status === 'booked')
  return appointment.id
}

async function setUp(env: ApiEnv, actions: number, sessions: number): Promise<World> {
  const world: World = { villagers: [], goods: await marketGoods(env), slots: await clinicSlots(env), nextSlot: 0 }
  const kinds = Array.from({ length: actions }, (_, i) => actionKind(i, USERS))
  const bookingsNeeded = kinds.filter((k) => k === 'booking').length * sessions + USERS
  if (world.slots.length < bookingsNeeded) throw new Error(`the seeded clinic has ${world.slots.length} bookable slots, the session needs ${bookingsNeeded}`)
  for (let u = 0; u < USERS; u++) {
    const token = await login(env.origin, `村民${u}`)
    const { patient } = await call<{ patient: { id: string } }>(env, 'POST', '/api/clinic/patients', token, { name: `村民${u}`, relation: '本人', idNumber: idNumber('19620315', 100 + u) })
    const v: Villager = { token, patientId: patient.id, consultationId: null }
    if (kinds.some((k, i) => k === 'message' && i % USERS === u)) v.consultationId = await paidBooking(env, world, v, `村民${u}：高血压复诊，想问问用药`)
    world.villagers.push(v)
  }
  return world
}

/** The request one action makes; `tag` is unique per action and stored with it, to find it in the database. */
function actionRequest(world: World, v: Villager, kind: ActionKind, tag: string, i: number): { path: string; body: unknown } {
  switch (kind) {
    case 'order': {
      const g = world.goods[i % world.goods.length] as World['goods'][number]
      return { path: '/market/orders', body: { items: [{ productId: g.productId, quantity: 1 }], delivery: { kind: 'pickup', pickupPointId: g.pickupPointId }, note: tag } }
    }
    case 'booking': {
      const slotId = world.slots[world.nextSlot++] as string
      return { path: '/clinic/appointments', body: { slotId, patientId: v.patientId, mode: 'text', symptoms: `${tag} 高血压复诊，最近血压 150/95，想调一下药`, followUp: true } }
    }
    case 'message':
      // clientId: made on the phone before the first try, as the clinic app does.
      return { path: `/clinic/appointments/${v.consultationId as string}/messages`, body: { clientId: randomUUID(), text: `${tag} 今天早上量的血压 135/85` } }
  }
}

/** Rows per action tag, for each kind (the tag starts the stored text). */
async function countRows(env: ApiEnv, prefix: string): Promise<Map<string, number>> {
  const like = `${prefix}%`
  const db = env.api.db.kysely
  const tagOf = (text: string) => text.split(' ')[0] as string
  const out = new Map<string, number>()
  const add = (rows: { t: string; n: number | string }[]) => rows.forEach((r) => out.set(tagOf(r.t), (out.get(tagOf(r.t)) ?? 0) + Number(r.n)))
  add((await sql<{ t: string; n: number | string }>`select note as t, count(*) as n from market_orders where note like ${like} group by note`.execute(db)).rows)
  add((await sql<{ t: string; n: number | string }>`select symptoms as t, count(*) as n from clinic_appointments where symptoms like ${like} group by symptoms`.execute(db)).rows)
  add((await sql<{ t: string; n: number | string }>`select text as t, count(*) as n from clinic_messages where text like ${like} group by text`.execute(db)).rows)
  return out
}

async function session(env: ApiEnv, world: World, kind: 'sdk' | 'plain', dropRate: number, actions: number, seed: number): Promise<SessionResult> {
  const plan: FaultPlan = { dropRate, delayMs: 100, jitterMs: 100 }
  const proxy = await startFlakyProxy(env.origin, plan, seededRandom(seed))
  const prefix = `bench-${kind}-${dropRate}-${seed}-`
  const told = new Map<string, boolean>()
  const kindOf = new Map<string, ActionKind>()
  const t0 = Date.now()
  const clients: ApiClient[] = []
  const plainPlatform = createNodePlatform()
  try {
    await Promise.all(
      world.villagers.map(async (v, u) => {
        const client =
          kind === 'sdk'
            ? createApiClient({ platform: createNodePlatform(), baseUrl: `${proxy.url}/api`, namespace: `bench-${u}`, authHeaders: () => ({ authorization: `Bearer ${v.token}` }), random: seededRandom(seed + u) })
            : null
        if (client) clients.push(client)
        const mine = Array.from({ length: actions }, (_, i) => i).filter((i) => i % USERS === u)
        for (const i of mine) {
          const what = actionKind(i, USERS)
          const tag = `${prefix}${i}`
          kindOf.set(tag, what)
          const { path, body } = actionRequest(world, v, what, tag, i)
          if (client) {
            try {
              const r = await client.mutate({ method: 'POST', path, body, queueable: true, label: tag })
              told.set(tag, r.status === 'done')
            } catch {
              told.set(tag, false)
            }
          } else {
            try {
              // The same transport as the SDK's (node:http, a connection per request), without the SDK.
              const res = await plainPlatform.request({ url: `${proxy.url}/api${path}`, method: 'POST', headers: { authorization: `Bearer ${v.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body), timeoutMs: 10_000 }).result
              told.set(tag, res.status >= 200 && res.status < 300)
            } catch {
              told.set(tag, false)
            }
          }
        }
      }),
    )
    // What the SDK queued (every attempt lost) is sent when the network allows: give it at most 3 flushes.
    for (let round = 0; round < 3 && clients.some((c) => c.queue.pending().length); round++) {
      await Promise.all(
        clients.map(async (c) => {
          const sent = new Set<string>()
          const off = c.queue.subscribe((ch) => {
            if (ch.kind === 'sent' && ch.entry.label) sent.add(ch.entry.label)
          })
          await c.queue.flush()
          off()
          for (const label of sent) told.set(label, true)
        }),
      )
    }
    const ms = Date.now() - t0
    const rows = await countRows(env, prefix)
    const byKind = Object.fromEntries(ACTION_KINDS.map((k) => [k, { actions: 0, completed: 0, inDatabase: 0, duplicates: 0 }])) as SessionResult['byKind']
    for (const [tag, what] of kindOf) {
      byKind[what].actions++
      if (told.get(tag)) byKind[what].completed++
    }
    let doneButReportedFailed = 0
    for (const [tag, n] of rows) {
      const what = kindOf.get(tag)
      if (!what) continue
      byKind[what].inDatabase++
      byKind[what].duplicates += n - 1
      if (!told.get(tag)) doneButReportedFailed++
    }
    const sum = (f: (x: SessionResult['byKind'][ActionKind]) => number) => ACTION_KINDS.reduce((s, k) => s + f(byKind[k]), 0)
    return {
      client: kind,
      dropRate,
      actions,
      byKind,
      completed: sum((x) => x.completed),
      notCompleted: actions - sum((x) => x.completed),
      inDatabase: sum((x) => x.inDatabase),
      duplicates: sum((x) => x.duplicates),
      doneButReportedFailed,
      ms,
      proxy: { exchanges: proxy.stats.exchanges, droppedRequests: proxy.stats.droppedRequests, droppedResponses: proxy.stats.droppedResponses },
    }
  } finally {
    for (const c of clients) c.dispose()
    await proxy.close()
  }
}

const perKind = (r: SessionResult, f: (x: SessionResult['byKind'][ActionKind]) => number) => ACTION_KINDS.map((k) => f(r.byKind[k])).join(' / ')

export const flakyBenchmark: Benchmark = {
  name: 'flaky',
  title: 'Flaky network: 100 user actions (orders, bookings, messages) through a lossy proxy',
  async run(ctx) {
    const actions = ctx.quick ? 10 : 100
    const rates = ctx.quick ? [0.3] : [0.1, 0.3, 0.5]
    const env = await startApiEnv({ seed: true, seedClinic: true })
    try {
      const world = await setUp(env, actions, rates.length * 2)
      const results: SessionResult[] = []
      for (const rate of rates) {
        for (const kind of ['plain', 'sdk'] as const) {
          const r = await session(env, world, kind, rate, actions, 1000 + Math.round(rate * 100))
          ctx.log(`${kind} at ${rate * 100} % loss: ${r.completed}/${r.actions} completed (orders / bookings / messages ${perKind(r, (x) => x.completed)}), ${r.inDatabase} in the database, ${r.duplicates} duplicates, ${(r.ms / 1000).toFixed(1)} s`)
          results.push(r)
        }
      }
      const headlines: Headline[] = []
      const groups: ChartGroup[] = rates.map((rate) => ({
        label: `${rate * 100} % loss`,
        bars: results.filter((r) => r.dropRate === rate).map((r) => ({ series: r.client === 'sdk' ? 'SDK: completed' : 'plain: completed', value: r.completed })),
      }))
      for (const rate of rates) {
        const sdk = results.find((r) => r.dropRate === rate && r.client === 'sdk') as SessionResult
        const plain = results.find((r) => r.dropRate === rate && r.client === 'plain') as SessionResult
        headlines.push({ metric: `${rate * 100} % loss: actions completed of ${actions}`, value: sdk.completed, baseline: plain.completed, unit: '', baselineLabel: 'plain requests', lowerIsBetter: false })
        headlines.push({ metric: `${rate * 100} % loss: duplicates in the database (SDK)`, value: sdk.duplicates, baseline: plain.duplicates, unit: '', baselineLabel: 'plain requests' })
      }
      const dupes = results.filter((r) => r.client === 'sdk').reduce((a, r) => a + r.duplicates, 0)
      const mix = results[0] ? perKind(results[0], (x) => x.actions) : '—'
      return {
        ok: dupes === 0,
        error: dupes ? `${dupes} duplicate rows (orders, bookings or messages) reached the database` : undefined,
        headlines,
        charts: [{ title: `Actions completed of ${actions} (higher is better)`, unit: '', groups, limit: { label: 'all', value: actions } }],
        table: {
          columns: ['loss', 'client', 'completed', 'orders / bookings / messages', 'not completed', 'in database', 'duplicates', 'done but told failed', 'time s', 'exchanges', 'dropped req/resp'],
          rows: results.map((r) => [
            `${r.dropRate * 100} %`,
            r.client,
            r.completed,
            perKind(r, (x) => x.completed),
            r.notCompleted,
            r.inDatabase,
            r.duplicates,
            r.doneButReportedFailed,
            (r.ms / 1000).toFixed(1),
            r.proxy.exchanges,
            `${r.proxy.droppedRequests}/${r.proxy.droppedResponses}`,
          ]),
        },
        notes: [
          `${USERS} villagers in parallel, ${actions} actions in all — ${mix} orders / bookings / messages: a market order (one product, pickup), a clinic booking (a text consultation in a slot of one of the seeded doctors; each booking its own slot) and a message to the doctor of the villager's paid booking (paid beforehand through the payments module and the WeChat sandbox). Through an HTTP proxy on 127.0.0.1 that adds 100–200 ms each way and loses the given share of exchanges: half before the API sees the request, half after it has answered (it took effect, the phone never hears). Seeded RNG: the same losses every run.`,
          'SDK = createApiClient (default retry policy: 4 retries, full-jitter backoff from 1 s; an Idempotency-Key made once per action) over a Node Platform adapter; actions it could not send are queued and flushed at most 3 times. Messages also carry the clinic\'s own clientId. Plain = one request per action over the same node:http transport, no key, no retry.',
          'Duplicates: rows per action beyond one (orders by note, bookings by symptoms, messages by text — each carries the action\'s tag); "done but told failed": actions that took effect although the client saw an error — the villager would tap again and, without a key, order, book or write twice.',
        ],
        data: results,
      }
    } finally {
      await env.close()
    }
  },
}
