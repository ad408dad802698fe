import type { Appointment, ErrorBody, Order, Product } from '@tianyuan/contracts'
import { clinicDb } from '../modules/clinic'
import { bookingBody, futureSlot, newDoctor, newPatient, type TestPatient } from '../modules/clinic/testing'
import { marketDb } from '../modules/market'
import { newBuyer, newSeller, productBody, publish, type TestBuyer, type TestSeller } from '../modules/market/testing'
import { startApiProcess, type ApiProcess } from '../testing/api-process'
import { describeEachDatabase, type TestDatabase } from '../testing/databases'
import { createHarness, removeMediaDir, TestClock, type Harness } from '../testing/harness'
import { IDEMPOTENCY_STALE_MS } from './idempotency'

// Exactly once across a crash: the real API in a child process is killed with SIGKILL after a
// write's transaction has committed and before the middleware stored its answer; a retry with the
// same Idempotency-Key, to a fresh server on the same database after the stale window, must replay
// the first answer — one order, one booking, one listing — never run the work again (a second
// order) or refuse it (409 "already booked" for a booking that succeeded).
describeEachDatabase('Idempotency-Key across kill -9', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let seller: TestSeller
  let buyer: TestBuyer
  let productId: string
  let patient: TestPatient
  let slotId: string
  let later: ApiProcess | undefined
  const children: ApiProcess[] = []

  beforeAll(async () => {
    database = await fresh()
    // Fixtures through the API in-process, on the wall clock the child servers use.
    h = await createHarness(database, { clock: new TestClock(Date.now()) })
    seller = await newSeller(h)
    productId = (await publish(h, seller, { stock: 10 })).id
    buyer = await newBuyer(h)
    const doctor = await newDoctor(h)
    slotId = (await futureSlot(h, doctor.id, 3)).id
    patient = await newPatient(h)
  })
  afterAll(async () => {
    await Promise.all(children.map((c) => c.close()))
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const start = async (env: Record<string, string>, clockOffsetMs = 0) => {
    const child = await startApiProcess({ target: database.target, schema: database.schema, mediaDir: h.mediaDir, clockOffsetMs }, env)
    children.push(child)
    return child
  }
  const post = (url: string, path: string, token: string, key: string, json: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key, ...headers },
      body: JSON.stringify(json),
    })

  /** The request, to a server that kills itself (SIGKILL) right after the request's work commits. */
  async function crashAfterCommit(path: string, token: string, key: string, json: unknown): Promise<void> {
    const crashing = await start({ TIANYUAN_TEST_CRASH_AFTER_COMMIT: '1' })
    await expect(post(crashing.url, path, token, key, json, { 'x-test-crash-after-commit': '1' })).rejects.toThrow()
    expect((await crashing.exited).signal).toBe('SIGKILL')
  }
  /** The retry, to another instance started after the crashed claim went stale: the first answer, replayed. */
  async function retry<T>(path: string, token: string, key: string, json: unknown): Promise<T> {
    later ??= await start({}, IDEMPOTENCY_STALE_MS + 60_000)
    const res = await post(later.url, path, token, key, json)
    const text = await res.text()
    expect({ status: res.status, error: res.status === 201 ? null : (JSON.parse(text) as ErrorBody) }).toEqual({ status: 201, error: null })
    expect(res.headers.get('idempotent-replayed')).toBe('true')
    // And again: still the same answer.
    const again = await post(later.url, path, token, key, json)
    expect(again.status).toBe(201)
    expect(await again.text()).toBe(text)
    return JSON.parse(text) as T
  }

  test('an order: the retry replays it, never a second order or a second stock reservation', async () => {
    const body = { items: [{ productId, quantity: 3 }], delivery: { kind: 'pickup', pickupPointId: seller.pickupPointId } }
    await crashAfterCommit('/api/market/orders', buyer.token, 'order-crash-1', body)
    const orders = () => marketDb(h.db.kysely).selectFrom('market_orders').select('id').where('buyer_id', '=', buyer.userId).execute()
    const committed = await orders()
    expect(committed).toHaveLength(1) // the work did commit before the kill

    const { order } = await retry<{ order: Order }>('/api/market/orders', buyer.token, 'order-crash-1', body)
    expect(order.id).toBe(committed[0]?.id)
    expect(order.status).toBe('pending_payment')
    expect(await orders()).toHaveLength(1)
    const product = await marketDb(h.db.kysely).selectFrom('market_products').select('stock').where('id', '=', productId).executeTakeFirstOrThrow()
    expect(Number(product.stock)).toBe(7) // stock taken once
  }, 120_000)

  test('a booking: the retry replays it, not 409 “already booked”, and one place is taken', async () => {
    const body = bookingBody(patient, slotId)
    await crashAfterCommit('/api/clinic/appointments', patient.token, 'booking-crash-1', body)
    const bookings = () => clinicDb(h.db.kysely).selectFrom('clinic_appointments').select('id').where('user_id', '=', patient.userId).execute()
    const committed = await bookings()
    expect(committed).toHaveLength(1)

    const { appointment } = await retry<{ appointment: Appointment }>('/api/clinic/appointments', patient.token, 'booking-crash-1', body)
    expect(appointment.id).toBe(committed[0]?.id)
    expect(await bookings()).toHaveLength(1)
    const slot = await clinicDb(h.db.kysely).selectFrom('clinic_slots').select('booked').where('id', '=', slotId).executeTakeFirstOrThrow()
    expect(Number(slot.booked)).toBe(1)
  }, 120_000)

  test('a listing: the retry replays it, the product is listed once', async () => {
    const body = productBody(h, seller, { title: '宜君核桃' })
    await crashAfterCommit('/api/market/seller/products', seller.token, 'listing-crash-1', body)
    const listed = () => marketDb(h.db.kysely).selectFrom('market_products').select('id').where('title', '=', '宜君核桃').execute()
    expect(await listed()).toHaveLength(1)

    const { product } = await retry<{ product: Product }>('/api/market/seller/products', seller.token, 'listing-crash-1', body)
    expect([product.id]).toEqual((await listed()).map((p) => p.id))
  }, 120_000)
})
