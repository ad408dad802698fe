import type { Appointment, ErrorBody, Patient } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { DEFAULT_CLINIC_LIMITS } from './shared'
import { bookedOf, bookingBody, futureSlot, idNumber, json, newDoctor, newPatient, type TestPatient } from './testing'

/**
 * Per-account limits: one account with made-up (valid) ID numbers used to hold every place of a
 * slot. Now an account adds at most 10 people, holds at most 3 unpaid bookings, and takes at most 3
 * places of one slot — each refusal a 409 QUOTA_EXCEEDED saying what to do, and each limit holds
 * when the requests arrive all at once (PostgreSQL included).
 */
describeEachDatabase('clinic: per-account quotas', (fresh) => {
  let database: TestDatabase
  let h: Harness

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    // The tests count with the defaults; the harness runs with the default configuration.
    expect(h.config.clinicLimits).toEqual(DEFAULT_CLINIC_LIMITS)
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  let seq = 500
  const familyMember = (token: string) =>
    h.request('POST', '/api/clinic/patients', { token, json: { name: '家人', relation: '其他', idNumber: idNumber('19700101', String(++seq)) } })

  async function expectQuota(res: Response, words: string): Promise<void> {
    const text = await res.text()
    expect([res.status, text]).toEqual([409, expect.stringContaining('QUOTA_EXCEEDED')])
    const body = JSON.parse(text) as ErrorBody
    expect(body.message).toContain(words)
  }

  /** An account with `n` patients (the holder included). */
  async function family(n: number): Promise<{ owner: TestPatient; patients: Patient[] }> {
    const owner = await newPatient(h)
    const patients = [owner.patient]
    while (patients.length < n) patients.push((await json<{ patient: Patient }>(await familyMember(owner.token), 201)).patient)
    return { owner, patients }
  }

  test(`patients: 20 concurrent adds → the account holds exactly ${DEFAULT_CLINIC_LIMITS.patients}, the rest a 409 saying so`, async () => {
    const owner = await newPatient(h)
    const results = await Promise.all(Array.from({ length: 20 }, () => familyMember(owner.token).then(async (res) => ({ status: res.status, text: await res.text() }))))
    expect(results.filter((r) => r.status === 201)).toHaveLength(DEFAULT_CLINIC_LIMITS.patients - 1)
    const refused = results.filter((r) => r.status !== 201)
    expect(refused.every((r) => r.status === 409 && r.text.includes('QUOTA_EXCEEDED'))).toBe(true)
    expect((JSON.parse(refused[0]?.text ?? '{}') as ErrorBody).message).toContain(`最多添加 ${DEFAULT_CLINIC_LIMITS.patients} 位就诊人`)
    const { items } = await json<{ items: Patient[] }>(await h.request('GET', '/api/clinic/patients', { token: owner.token }), 200)
    expect(items).toHaveLength(DEFAULT_CLINIC_LIMITS.patients)
  })

  test('one account cannot take every place of a slot: 10 family members booking one slot at once → 3 places', async () => {
    const doctor = await newDoctor(h, { capacity: 10 })
    const slot = await futureSlot(h, doctor.id)
    const { owner, patients } = await family(10)
    const results = await Promise.all(
      patients.map((p) => h.request('POST', '/api/clinic/appointments', { token: owner.token, json: { ...bookingBody(owner, slot.id), patientId: p.id } }).then(async (res) => ({ status: res.status, text: await res.text() }))),
    )
    const placed = results.filter((r) => r.status === 201)
    expect(placed).toHaveLength(DEFAULT_CLINIC_LIMITS.placesPerSlot)
    expect(results.filter((r) => r.status !== 201).every((r) => r.status === 409 && r.text.includes('QUOTA_EXCEEDED'))).toBe(true)
    expect(await bookedOf(h, slot.id)).toBe(DEFAULT_CLINIC_LIMITS.placesPerSlot)
    // Another account still finds places.
    const neighbour = await newPatient(h)
    expect((await h.request('POST', '/api/clinic/appointments', { token: neighbour.token, json: bookingBody(neighbour, slot.id) })).status).toBe(201)
  })

  test('unpaid bookings: at most 3 at once; cancelling one frees the quota', async () => {
    const doctor = await newDoctor(h, { capacity: 5 })
    const { owner, patients } = await family(5)
    const slots = await Promise.all([0, 1, 2, 3, 4].map((i) => futureSlot(h, doctor.id, i)))
    const made: Appointment[] = []
    for (let i = 0; i < DEFAULT_CLINIC_LIMITS.unpaidBookings; i++) {
      made.push((await json<{ appointment: Appointment }>(await h.request('POST', '/api/clinic/appointments', { token: owner.token, json: { ...bookingBody(owner, slots[i]!.id), patientId: patients[i]!.id } }), 201)).appointment)
    }
    const fourth = { ...bookingBody(owner, slots[3]!.id), patientId: patients[3]!.id }
    await expectQuota(await h.request('POST', '/api/clinic/appointments', { token: owner.token, json: fourth }), '待支付的预约')
    expect(await bookedOf(h, slots[3]!.id)).toBe(0)
    await json(await h.request('POST', `/api/clinic/appointments/${made[0]!.id}/cancel`, { token: owner.token }), 200)
    expect((await h.request('POST', '/api/clinic/appointments', { token: owner.token, json: fourth })).status).toBe(201)
  })

  test('unpaid bookings: 6 concurrent bookings on different slots → exactly 3', async () => {
    const doctor = await newDoctor(h, { capacity: 5 })
    const { owner, patients } = await family(6)
    const slots = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => futureSlot(h, doctor.id, i)))
    const statuses = await Promise.all(
      patients.map((p, i) => h.request('POST', '/api/clinic/appointments', { token: owner.token, json: { ...bookingBody(owner, slots[i]!.id), patientId: p.id } }).then((r) => r.status)),
    )
    expect(statuses.filter((s) => s === 201)).toHaveLength(DEFAULT_CLINIC_LIMITS.unpaidBookings)
    expect(statuses.filter((s) => s !== 201).every((s) => s === 409)).toBe(true)
  })
})
