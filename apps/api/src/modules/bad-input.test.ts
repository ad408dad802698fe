import fc from 'fast-check'
import { z } from 'zod'
import {
  BindPhoneRequest,
  CreatePaymentRequest,
  LoginRequest,
  MediaVariantQuery,
  UpdateProfileRequest,
  type CreatePaymentResponse,
  type MediaMeta,
} from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../testing/harness'
import { fileBlob, multipart, tinyPng } from '../testing/images'
import { Empty, expectRefused, snapshotTables, sweepRoutes, sweepUnprintableText, unprintableQueryText } from '../testing/bad-input-sweep'

/**
 * Every route, swept with generated bad input: malformed JSON, wrong types, missing and unknown
 * fields, huge numbers, oversize bodies. Each must answer 4xx in the one error shape, with no
 * stack trace, and leave the database exactly as it was.
 */
/** WeChat's notification endpoints: no body is acceptable without WeChat's signature, which none of these has. */
const Unsigned = z.never()

interface BodyRoute {
  method: string
  name: string
  path: () => string
  auth: boolean
  schema: z.ZodType
  /** A valid body: its text fields are given unprintable characters one by one. */
  valid?: () => Record<string, unknown>
}

const TABLES = ['users', 'sessions', 'media', 'idempotency_keys', 'rate_limits', 'payments', 'refunds'] as const

const snapshot = (h: Harness): Promise<string> => snapshotTables(h.db.kysely, TABLES)

const hugeNumbers = fc.constantFrom('{"code": 1e400}', '{"nickname": -1e309}', '{"code": 123456789012345678901234567890}', '[1e400]', '1e999')

describeEachDatabase('bad input on every route', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let token: string
  let media: MediaMeta
  let paymentId: string

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    token = (await h.login()).token
    media = (await (await h.request('POST', '/api/media', { token, body: multipart({ file: fileBlob(await tinyPng()) }) })).json()) as MediaMeta
    h.payments.registerPayable('sweep_order', {
      load: async () => ({ amountFen: 100, description: '测试订单', status: 'unpaid' }),
      onPaid: async () => undefined,
    })
    const created = await h.request('POST', '/api/payments', { token, json: { kind: 'sweep_order', orderId: 'sweep-1' } })
    expect(created.status).toBe(201)
    paymentId = ((await created.json()) as CreatePaymentResponse).payment.id
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const routes: BodyRoute[] = [
    { method: 'POST', name: '/api/auth/login', path: () => '/api/auth/login', auth: false, schema: LoginRequest },
    { method: 'POST', name: '/api/auth/logout', path: () => '/api/auth/logout', auth: true, schema: Empty },
    { method: 'PATCH', name: '/api/me', path: () => '/api/me', auth: true, schema: UpdateProfileRequest, valid: () => ({ nickname: '老王' }) },
    { method: 'POST', name: '/api/me/phone', path: () => '/api/me/phone', auth: true, schema: BindPhoneRequest },
    { method: 'DELETE', name: '/api/media/:id', path: () => `/api/media/${media.id}`, auth: true, schema: Empty },
    { method: 'POST', name: '/api/payments', path: () => '/api/payments', auth: true, schema: CreatePaymentRequest, valid: () => ({ kind: 'sweep_order', orderId: 'sweep-1' }) },
    { method: 'POST', name: '/api/payments/notify', path: () => '/api/payments/notify', auth: false, schema: Unsigned },
    { method: 'POST', name: '/api/payments/refund-notify', path: () => '/api/payments/refund-notify', auth: false, schema: Unsigned },
  ]

  sweepRoutes(
    routes.map((route) => ({ ...route, token: () => (route.auth ? token : undefined) })),
    {
      harness: () => h,
      snapshot,
      numRuns: 60,
      hugeNumbers,
      shapes: () => [
        // A valid-looking body plus one unknown field.
        // Payment-shaped bodies with a wrong type or a client-chosen amount.
        fc.record({ kind: fc.constantFrom('sweep_order', 'x', ''), orderId: fc.oneof(fc.string({ maxLength: 70 }), fc.integer()), amountFen: fc.oneof(fc.integer(), fc.double(), fc.string()) }, { requiredKeys: ['kind'] }),
        fc.record({ amountFen: fc.oneof(fc.integer({ min: -5, max: 0 }), fc.double(), fc.constant(1e11), fc.string()), reason: fc.oneof(fc.string({ maxLength: 90 }), fc.constant('')) }, { requiredKeys: [] }),
        fc.record({ code: fc.constant('abc'), nickname: fc.constant('老王') }).chain((base) => fc.string({ minLength: 1, maxLength: 10 }).map((k) => ({ ...base, [`x_${k}`]: 1 }))),
      ],
      // Wrong content type, and a body far over the limit.
      formBody: 'code=abc',
      oversize: { code: 'a'.repeat(200_000) },
      edgeToken: () => token,
    },
  )

  sweepUnprintableText(
    routes.map((route) => ({ ...route, token: () => (route.auth ? token : undefined) })),
    { harness: () => h, snapshot },
  )

  test('POST /api/media: bad multipart and non-multipart bodies → 4xx, database unchanged', async () => {
    const before = await snapshot(h)
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 60 }).map((s) => ({ body: s, type: 'application/json' })),
          fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ body: multipart({ file: fileBlob(bytes) }), type: null })),
          fc.string({ minLength: 1, maxLength: 10 }).map((name) => ({ body: multipart({ [`x${name}`]: 'y' }), type: null })),
          fc.constant({ body: '--broken\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc', type: 'multipart/form-data; boundary=broken' }),
        ),
        async ({ body, type }) => {
          const res = await h.request('POST', '/api/media', { token, body, headers: type ? { 'content-type': type } : {} })
          await expectRefused(res)
        },
      ),
      { numRuns: 40 },
    )
    expect(await snapshot(h)).toBe(before)
  })

  test('GET routes: generated bad query strings → 400', async () => {
    const before = await snapshot(h)
    const key = fc.constantFrom('w', 'q', 'fmt', 'x', 'size')
    const value = fc.oneof(fc.string({ maxLength: 8 }), fc.integer().map(String), unprintableQueryText, fc.constantFrom('1e9', '-1', '0', 'gif', 'NaN', '99999999999'))
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, value, { minKeys: 1, maxKeys: 3 }), async (query) => {
        fc.pre(!MediaVariantQuery.safeParse(query).success)
        const qs = new URLSearchParams(query).toString()
        const variant = await h.request('GET', `/api/media/${media.id}?${qs}`)
        await expectRefused(variant)
        await expectRefused(await h.request('GET', `/api/me?${qs}`, { token }))
        await expectRefused(await h.request('GET', `/api/media?${qs}`, { token }))
        await expectRefused(await h.request('GET', `/api/payments/${paymentId}?${qs}`, { token }))
      }),
      { numRuns: 40 },
    )
    expect(await snapshot(h)).toBe(before)
  })
})
