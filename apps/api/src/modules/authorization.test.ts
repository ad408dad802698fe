import type { CreatePaymentResponse, ErrorBody, MediaListResponse, MediaMeta, MeResponse } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../testing/harness'
import { fileBlob, multipart, tinyPng } from '../testing/images'

/**
 * Users read and change only their own objects. Every route that names an object owned by a user
 * is listed here and tried with another user's token: the answer is 404, never 403 (which would
 * confirm that the object exists), and the object is untouched.
 */
describeEachDatabase('authorization', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let owner: string
  let intruder: string
  let media: MediaMeta
  let payment: CreatePaymentResponse['payment']

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    const ownerLogin = await h.login('openid-owner')
    owner = ownerLogin.token
    const ownerId = ownerLogin.user.id
    intruder = (await h.login('openid-intruder')).token
    media = (await (await h.request('POST', '/api/media', { token: owner, body: multipart({ file: fileBlob(await tinyPng()) }) })).json()) as MediaMeta
    h.payments.registerPayable('authz_order', {
      load: async (orderId, userId) => (orderId === 'owners-order' && userId === ownerId ? { amountFen: 300, description: '测试', status: 'unpaid' } : null),
      onPaid: async () => undefined,
    })
    const created = await h.request('POST', '/api/payments', { token: owner, json: { kind: 'authz_order', orderId: 'owners-order' } })
    payment = ((await created.json()) as CreatePaymentResponse).payment
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const objectRoutes: { name: string; send: (token: string) => Promise<Response> }[] = [
    { name: 'DELETE /api/media/:id', send: (token) => h.request('DELETE', `/api/media/${media.id}`, { token }) },
    { name: 'PATCH /api/me {avatarMediaId: someone else’s}', send: (token) => h.request('PATCH', '/api/me', { token, json: { avatarMediaId: media.id } }) },
    { name: 'GET /api/payments/:id', send: (token) => h.request('GET', `/api/payments/${payment.id}`, { token }) },
    { name: 'POST /api/payments {someone else’s order}', send: (token) => h.request('POST', '/api/payments', { token, json: { kind: 'authz_order', orderId: 'owners-order' } }) },
  ]

  test.each(objectRoutes.map((r) => [r.name, r] as const))('%s with another user’s token → 404', async (_name, route) => {
    const res = await route.send(intruder)
    expect(res.status).toBe(404)
    expect(((await res.json()) as ErrorBody).code).toBe('NOT_FOUND')
    // Untouched: still live, still listed for its owner, not the intruder's avatar.
    const list = (await (await h.request('GET', '/api/media', { token: owner })).json()) as MediaListResponse
    expect(list.items.map((m) => m.id)).toContain(media.id)
    const me = (await (await h.request('GET', '/api/me', { token: intruder })).json()) as MeResponse
    expect(me.user.avatarMediaId).toBeNull()
  })

  test('lists and profiles show only the caller’s own objects', async () => {
    const theirs = (await (await h.request('GET', '/api/media', { token: intruder })).json()) as MediaListResponse
    expect(theirs.items).toEqual([])
    const me = (await (await h.request('GET', '/api/me', { token: intruder })).json()) as MeResponse
    const ownerMe = (await (await h.request('GET', '/api/me', { token: owner })).json()) as MeResponse
    expect(me.user.id).not.toBe(ownerMe.user.id)
  })

  const protectedRoutes: [string, string][] = [
    ['GET', '/api/me'],
    ['PATCH', '/api/me'],
    ['POST', '/api/me/phone'],
    ['POST', '/api/auth/logout'],
    ['GET', '/api/media'],
    ['POST', '/api/media'],
    ['DELETE', '/api/media/AAAAAAAAAAAAAAAAAAAAAA'],
    ['GET', '/api/classroom/my/courses'],
    ['POST', '/api/classroom/progress'],
    ['POST', '/api/classroom/courses/AAAAAAAAAAAAAAAAAAAAAA/enrol'],
    ['POST', '/api/classroom/courses/AAAAAAAAAAAAAAAAAAAAAA/purchase'],
    ['GET', '/api/classroom/purchases/AAAAAAAAAAAAAAAAAAAAAA'],
    ['POST', '/api/classroom/lessons/AAAAAAAAAAAAAAAAAAAAAA/quiz'],
    ['GET', '/api/classroom/teacher/courses'],
    ['POST', '/api/classroom/teacher/courses'],
    ['PATCH', '/api/classroom/teacher/lessons/AAAAAAAAAAAAAAAAAAAAAA'],
  ]
  test.each(protectedRoutes)('%s %s without a session → 401', async (method, url) => {
    const res = await h.request(method, url, { json: method === 'GET' ? undefined : {} })
    expect(res.status).toBe(401)
    expect(((await res.json()) as ErrorBody).code).toBe('UNAUTHENTICATED')
  })
})
