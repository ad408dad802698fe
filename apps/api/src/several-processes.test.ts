import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { shanghaiDate, type ErrorBody, type Product, type ProductPage, type Slot } from '@tianyuan/contracts'
import type { Db } from './platform/db'
import { startApiProcess, type ApiProcess } from './testing/api-process'
import { describeEachDatabase, type TestDatabase } from './testing/databases'
import { fileBlob, multipart, tinyPng } from './testing/images'
import { createDoctor, ensureHospital, ensureSchedule } from './modules/clinic/catalog'
import { clinicDb } from './modules/clinic/schema'
import { marketDb } from './modules/market/schema'
import { idNumber } from './modules/clinic/testing'

// The API is stateless: two real API processes (testing/api-child.ts) on one database, requests
// alternating between them, as behind a load balancer. The races a single process could settle in
// memory must be settled by the database: many buyers ordering the last units of one product
// (sold never exceeds stock) and many patients booking one slot with one place (exactly one
// booking). And the catalogue each process keeps in memory follows a change made through the other.
describeEachDatabase('the API as several processes on one database', (fresh) => {
  let database: TestDatabase
  let db: Db
  let mediaDir: string
  let processes: ApiProcess[] = []

  beforeAll(async () => {
    database = await fresh()
    db = await database.open()
    mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tianyuan-processes-'))
    // One after the other: each start runs the migrator. Logins from 127.0.0.1 above the per-IP limit meant for the real world.
    for (let i = 0; i < 2; i++) {
      processes.push(await startApiProcess({ target: database.target, schema: database.schema, mediaDir, env: { LOGIN_LIMIT_PER_IP_PER_MINUTE: '100000' } }))
    }
  }, 120_000)
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.close()))
    processes = []
    await db.close()
    await database.drop()
    fs.rmSync(mediaDir, { recursive: true, force: true })
  }, 60_000)

  /** The i-th request goes to process i % 2. */
  const via = (i: number) => (processes[i % processes.length] as ApiProcess).url
  async function call<T>(base: string, method: string, url: string, token: string | null, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined || body instanceof FormData ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    })
    const text = await res.text()
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T }
  }
  async function ok<T>(base: string, method: string, url: string, token: string | null, body?: unknown): Promise<T> {
    const r = await call<T>(base, method, url, token, body)
    if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`)
    return r.body
  }
  let users = 0
  /** Logs in through the WeChat sandbox of process `i % 2` (its code is its own); the session works on both. */
  async function login(i: number): Promise<{ token: string; userId: string }> {
    const base = via(i)
    const { code } = await ok<{ code: string }>(base, 'POST', '/wechat-sandbox/sandbox/login', null, { user: `进程测试用户${process.pid}-${++users}` })
    const r = await ok<{ token: string; user: { id: string } }>(base, 'POST', '/api/auth/login', null, { code })
    return { token: r.token, userId: r.user.id }
  }

  test('40 buyers ordering the last 5 units through two processes: exactly 5 orders, stock 0, the rest 409 OUT_OF_STOCK', async () => {
    const seller = await login(0)
    const photo = await ok<{ id: string }>(via(0), 'POST', '/api/media', seller.token, multipart({ file: fileBlob(await tinyPng()) }))
    await ok<{ shop: { id: string } }>(via(1), 'POST', '/api/market/seller/shop', seller.token, { name: '谷咀村老张果园', village: '陕西省延安市洛川县凤栖镇谷咀村', intro: '', photoId: photo.id })
    const { pickupPoint } = await ok<{ pickupPoint: { id: string } }>(via(0), 'POST', '/api/market/seller/pickup-points', seller.token, { name: '谷咀村村委会', address: '谷咀村村委会门口' })
    const { product } = await ok<{ product: Product }>(via(1), 'POST', '/api/market/seller/products', seller.token, {
      categoryId: 'fruit',
      title: '洛川红富士苹果 最后几箱',
      grade: '一级',
      origin: '陕西洛川',
      harvestDate: shanghaiDate(Date.now() - 3 * 86_400_000),
      unit: '箱',
      priceFen: 6800,
      stock: 5,
      photoIds: [photo.id],
    })
    // Both processes have the product in their catalogue memory before the race.
    for (const i of [0, 1, 0, 1]) expect((await ok<ProductPage>(via(i), 'GET', '/api/market/products', null)).items.find((p) => p.id === product.id)?.stock).toBe(5)
    const buyers = await Promise.all(Array.from({ length: 40 }, (_, i) => login(i)))
    const results = await Promise.all(
      buyers.map((b, i) => call<ErrorBody>(via(i), 'POST', '/api/market/orders', b.token, { items: [{ productId: product.id, quantity: 1 }], delivery: { kind: 'pickup', pickupPointId: pickupPoint.id } })),
    )
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(5)
    expect(statuses.filter((s) => s === 409)).toHaveLength(35)
    expect(new Set(results.filter((r) => r.status === 409).map((r) => r.body.code))).toEqual(new Set(['OUT_OF_STOCK']))
    const sold = await marketDb(db.kysely)
      .selectFrom('market_order_items')
      .select(({ fn }) => fn.sum<number | string>('quantity').as('sold'))
      .where('product_id', '=', product.id)
      .executeTakeFirstOrThrow()
    expect(Number(sold.sold)).toBe(5)
    // Sold out, on either process's catalogue (each had the old stock in memory).
    for (const i of [0, 1]) {
      const page = await ok<ProductPage>(via(i), 'GET', '/api/market/products', null)
      expect(page.items.find((p) => p.id === product.id)?.stock).toBe(0)
      expect((await ok<{ product: Product }>(via(i), 'GET', `/api/market/products/${product.id}`, null)).product.stock).toBe(0)
    }
  }, 120_000)

  test('20 patients booking the one place of a slot through two processes: exactly one booking, the rest 409 SLOT_FULL', async () => {
    const doctorUser = await login(0)
    const clinic = clinicDb(db.kysely)
    const hospitalId = await ensureHospital(clinic, { name: '洛川县凤栖镇卫生院', level: 'township', county: '陕西省延安市洛川县', address: '凤栖镇北街 12 号' })
    const doctorId = await createDoctor(
      clinic,
      { name: '进程测试医生', title: '主治医师', hospitalId, departmentId: 'chronic', specialty: '高血压复诊', intro: '', fees: { text: 1000, phone: null, video: null }, userId: doctorUser.userId },
      Date.now(),
    )
    await ensureSchedule(clinic, doctorId, Date.now(), { capacity: 1 })
    const { schedule } = await ok<{ schedule: Slot[] }>(via(1), 'GET', `/api/clinic/doctors/${doctorId}`, null)
    const slot = schedule.find((s) => s.bookable)
    if (!slot) throw new Error('no bookable slot')
    const patients = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const u = await login(i)
        const { patient } = await ok<{ patient: { id: string } }>(via(i + 1), 'POST', '/api/clinic/patients', u.token, { name: '王大爷', relation: '本人', idNumber: idNumber('19650315', String(200 + i)) })
        return { token: u.token, patientId: patient.id }
      }),
    )
    const results = await Promise.all(
      patients.map((p, i) => call<ErrorBody>(via(i), 'POST', '/api/clinic/appointments', p.token, { slotId: slot.id, patientId: p.patientId, mode: 'text', symptoms: '高血压复诊，最近血压 150/95', followUp: true })),
    )
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(19)
    expect(new Set(results.filter((r) => r.status === 409).map((r) => r.body.code))).toEqual(new Set(['SLOT_FULL']))
    const rows = await clinic.selectFrom('clinic_appointments').select('id').where('slot_id', '=', slot.id).execute()
    expect(rows).toHaveLength(1)
    const booked = await clinic.selectFrom('clinic_slots').select('booked').where('id', '=', slot.id).executeTakeFirstOrThrow()
    expect(Number(booked.booked)).toBe(1)
  }, 120_000)
})
