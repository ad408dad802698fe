import type { ErrorBody, Patient } from '@tianyuan/contracts'
import { describeEachDatabase, type TestDatabase } from '../../testing/databases'
import { createHarness, removeMediaDir, type Harness } from '../../testing/harness'
import { clinicDb } from './schema'
import { idNumber, json } from './testing'

/** Patients: ID number check digit, birth date from it, masking everywhere, the guardian rule for a child under 6. */
describeEachDatabase('clinic patients', (fresh) => {
  let database: TestDatabase
  let h: Harness
  let token: string

  beforeAll(async () => {
    database = await fresh()
    h = await createHarness(database)
    token = (await h.login()).token
  })
  afterAll(async () => {
    await h.close()
    removeMediaDir(h)
    await database.drop()
  })

  const add = (body: Record<string, unknown>, as = token) => h.request('POST', '/api/clinic/patients', { token: as, json: body })
  const expect400 = async (res: Response, field: string, words: string) => {
    expect(res.status).toBe(400)
    const body = (await res.json()) as ErrorBody
    expect(body.code).toBe('VALIDATION_FAILED')
    expect(body.message).toContain(`「${field}」`)
    expect(body.message).toContain(words)
  }

  test('the holder: birth date, gender and age from the ID number; the number masked in every response', async () => {
    const id = idNumber('19580704', '031') // 17th digit 1: odd → 男
    const created = (await json<{ patient: Patient }>(await add({ name: '王大爷', relation: '本人', idNumber: id }), 201)).patient
    expect(created).toMatchObject({ name: '王大爷', relation: '本人', birthDate: '1958-07-04', gender: '男', age: 68, guardianId: null })
    expect(created.idNumberMasked).toBe(`${id.slice(0, 4)}**********${id.slice(-4)}`)
    const list = await h.request('GET', '/api/clinic/patients', { token })
    const text = await list.text()
    expect(text).not.toContain(id)
    expect(text).not.toContain(id.slice(4, 14))
    // The same person twice: refused.
    expect((await add({ name: '王大爷', relation: '本人', idNumber: id })).status).toBe(409)
  })

  test('bad ID numbers: wrong check digit, impossible date, born in the future, a birth date that disagrees', async () => {
    const valid = idNumber('19600101')
    const wrongCheck = valid.slice(0, 17) + (valid[17] === '1' ? '2' : '1')
    await expect400(await add({ name: '李', relation: '父母', idNumber: wrongCheck }), 'idNumber', '校验位')
    await expect400(await add({ name: '李', relation: '父母', idNumber: '12345' }), 'idNumber', '18 位')
    const impossible = idNumber('19600230')
    await expect400(await add({ name: '李', relation: '父母', idNumber: impossible }), 'idNumber', '出生日期')
    await expect400(await add({ name: '李', relation: '父母', idNumber: idNumber('20300101') }), 'idNumber', '今天之后')
    await expect400(await add({ name: '李', relation: '父母', idNumber: valid, birthDate: '1960-01-02' }), 'birthDate', '不一致')
    await expect400(await add({ name: '李', relation: '父母', idNumber: valid, birthDate: '1960-02-30' }), 'birthDate', '日期')
    await expect400(await add({ name: '李', relation: '邻居', idNumber: valid }), 'relation', '关系')
    // The same number with the right birth date, and a lower-case x: accepted.
    expect((await add({ name: '李奶奶', relation: '父母', idNumber: valid, birthDate: '1960-01-01' })).status).toBe(201)
  })

  test('a child under 6 needs an adult guardian of the same account', async () => {
    const { token: parent } = await h.login()
    // The harness clock: 2026-11-28 in Shanghai. Born 2020-11-29 → 5; born 2020-11-28 → 6 today.
    const child = idNumber('20201129', '042')
    await expect400(await add({ name: '小明', relation: '子女', idNumber: child }, parent), 'guardianId', '监护人')
    const teen = (await json<{ patient: Patient }>(await add({ name: '大姐', relation: '子女', idNumber: idNumber('20100101', '022') }, parent), 201)).patient
    await expect400(await add({ name: '小明', relation: '子女', idNumber: child, guardianId: teen.id }, parent), 'guardianId', '年满 18 岁')
    // Another account's adult is not this family's guardian.
    const stranger = (await json<{ patient: Patient }>(await add({ name: '外人', relation: '本人', idNumber: idNumber('19700101', '055') }), 201)).patient
    await expect400(await add({ name: '小明', relation: '子女', idNumber: child, guardianId: stranger.id }, parent), 'guardianId', '没有找到')
    const mother = (await json<{ patient: Patient }>(await add({ name: '妈妈', relation: '本人', idNumber: idNumber('19920505', '062') }, parent), 201)).patient
    const ok = (await json<{ patient: Patient }>(await add({ name: '小明', relation: '子女', idNumber: child, guardianId: mother.id }, parent), 201)).patient
    expect(ok).toMatchObject({ age: 5, guardianId: mother.id })
    // Six today: no guardian needed.
    expect((await add({ name: '小红', relation: '子女', idNumber: idNumber('20201128', '064') }, parent)).status).toBe(201)
    const rows = await clinicDb(h.db.kysely).selectFrom('clinic_patients').select('id').where('name', '=', '小明').execute()
    expect(rows).toHaveLength(1)
  })
})
