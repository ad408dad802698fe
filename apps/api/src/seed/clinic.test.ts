import type { DoctorPage, DoctorResponse, LoginResponse } from '@tianyuan/contracts'
import { createWechatSandbox } from '@tianyuan/wechat-sandbox'
import { describeEachDatabase, type TestDatabase } from '../testing/databases'
import { createHarness, removeMediaDir, SHARED_SANDBOX_KEYS, TEST_APPID, TEST_SECRET, type Harness } from '../testing/harness'
import { createDiskStorage } from '../platform/media/storage'
import { normalizeUpload } from '../platform/media/images'
import { seedClinic, SEED_CLINIC_DOCTORS } from './clinic'
import { renderPicture } from './pictures'

describeEachDatabase('clinic seed data', (fresh) => {
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

  test('20 doctors across departments with photos and a week of slots from today; a second run adds nothing', async () => {
    const sandbox = createWechatSandbox({ dataDir: SHARED_SANDBOX_KEYS, appId: TEST_APPID, appSecret: TEST_SECRET, mchId: h.config.wechatPay.mchId, env: 'test' })
    const deps = { db: h.db.kysely, storage: createDiskStorage(h.mediaDir), now: h.clock.now, openidOf: (name: string) => sandbox.openidOf(name) }
    expect(await seedClinic(deps)).toEqual({ doctors: SEED_CLINIC_DOCTORS })
    expect(SEED_CLINIC_DOCTORS).toBe(20)
    expect(await seedClinic(deps)).toEqual({ doctors: 0 })

    const all = (await (await h.request('GET', '/api/clinic/doctors?size=50')).json()) as DoctorPage
    expect(all.items).toHaveLength(20)
    expect(new Set(all.items.map((d) => d.department.name))).toEqual(new Set(['内科', '慢病管理', '儿科', '妇科', '中医科', '皮肤科', '骨科']))
    expect(new Set(all.items.map((d) => d.hospital.level))).toEqual(new Set(['township', 'county']))
    // Every doctor has the same neutral placeholder (a drawn health worker), not a landscape or a real person.
    const placeholder = (await normalizeUpload(await renderPicture('doctor'), 'image/jpeg', 40_000_000)).thumbhash
    for (const d of all.items) expect({ doctor: d.name, thumbhash: d.photo?.thumbhash }).toEqual({ doctor: d.name, thumbhash: placeholder })
    const kids = (await (await h.request('GET', '/api/clinic/doctors?department=pediatrics')).json()) as DoctorPage
    expect(kids.items.map((d) => d.department.id)).toEqual(['pediatrics', 'pediatrics', 'pediatrics'])
    const found = (await (await h.request('GET', `/api/clinic/doctors?q=${encodeURIComponent('高血压 洛川')}`)).json()) as DoctorPage
    expect(found.items.map((d) => d.name)).toEqual(['张桂芳'])

    const page = (await (await h.request('GET', `/api/clinic/doctors/${found.items[0]?.id}`)).json()) as DoctorResponse
    expect(new Set(page.schedule.map((s) => s.date)).size).toBe(7)
    expect(page.schedule[0]?.date).toBe('2026-11-28')
    expect(page.notice).toContain('复诊')

    // The doctor role: the seeded doctor's user is the sandbox's test user of that name.
    const login = (await h.login(sandbox.openidOf('张桂芳'))) as LoginResponse
    const me = await h.request('GET', '/api/clinic/doctor/me', { token: login.token })
    expect(me.status).toBe(200)
    expect(((await me.json()) as { doctor: { name: string } }).doctor.name).toBe('张桂芳')
    await sandbox.close()
  })
})
