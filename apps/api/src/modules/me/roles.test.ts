import type { MeResponse } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { newDoctor } from '../clinic/testing'
import { newSeller } from '../market/testing'

/**
 * GET /api/me says what the account is besides a buyer or patient (a doctor, a seller), so the
 * apps' 我的 pages ask once instead of probing the doctor's and the seller's routes for a 403 or 404.
 */
describeEachDatabase('me: roles', (fresh) => {
  let database: TestDatabase
  let h: Harness

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const me = async (token: string) => {
    const res = await h.request('GET', '/api/me', { token })
    expect(res.status).toBe(200)
    return (await res.json()) as MeResponse
  }

  test('a new account has no roles; a shop makes a seller; a doctor record makes a doctor', async () => {
    expect((await me((await h.login()).token)).roles).toEqual([])
    const seller = await newSeller(h, '椒园镇春花土鸡蛋')
    expect((await me(seller.token)).roles).toEqual(['seller'])
    const doctor = await newDoctor(h)
    expect((await me(doctor.token)).roles).toEqual(['doctor'])
  })

  test('the answer to a profile change carries the roles too', async () => {
    const seller = await newSeller(h, '凤栖镇老张苹果园')
    const res = await h.request('PATCH', '/api/me', { token: seller.token, json: { nickname: '老张' } })
    expect(((await res.json()) as MeResponse).roles).toEqual(['seller'])
  })
})
