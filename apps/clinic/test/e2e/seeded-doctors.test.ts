// What the clinic's browser journeys start from: the e2e API has the 20 demo doctors (seeded by
// globalSetup), and a browser told to act as a doctor's name (actAsSandboxUser) logs in as that
// doctor — the way the H5 platform logs in: the sandbox user from storage → a code → a session.
import { actAsSandboxUser, e2eTest, SANDBOX_USER_KEY } from '@tianyuan/e2e'
import type { DoctorMeResponse, DoctorPage } from '@tianyuan/contracts/types'

e2eTest('the demo doctors are there, and a browser acting as 张桂芳 signs in as that doctor', async (t) => {
  const origin = new URL(t.baseUrl).origin
  const { items } = (await (await fetch(`${origin}/api/clinic/doctors?size=50`)).json()) as DoctorPage
  expect(items).toHaveLength(20)

  await actAsSandboxUser(t, '张桂芳')
  await t.openApp('clinic')
  await t.page.locator('#purpose').waitFor()
  const me = await t.page.evaluate(async (key) => {
    const user = (JSON.parse(localStorage.getItem(key) ?? '{}') as { data?: string }).data
    const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json())
    const { code } = (await post('/wechat-sandbox/sandbox/login', { user })) as { code: string }
    const { token } = (await post('/api/auth/login', { code })) as { token: string }
    const res = await fetch('/api/clinic/doctor/me', { headers: { authorization: `Bearer ${token}` } })
    return { user, status: res.status, body: (await res.json()) as unknown }
  }, SANDBOX_USER_KEY)
  expect(me.user).toBe('张桂芳')
  expect(me.status).toBe(200)
  expect((me.body as DoctorMeResponse).doctor).toMatchObject({ name: '张桂芳', id: items.find((d) => d.name === '张桂芳')?.id })
})
