import fs from 'node:fs'
import { defaultApps } from '@tianyuan/preview'
import { e2eTest } from '../src/fixture'

describe('launcher', () => {
  e2eTest('shows the four mini-programs and opens one in the phone frame', async (t) => {
    await t.page.setViewportSize({ width: 1024, height: 900 })
    await t.page.goto(t.baseUrl)
    const tiles = t.page.locator('.tile')
    expect(await tiles.count()).toBe(4)
    expect(await t.page.locator('.tile h2').allInnerTexts()).toEqual(['乡村问诊', '田间课堂', '惠农小贷', '田园集市'])

    const apps = defaultApps()
    for (const app of apps) {
      const built = fs.existsSync(`${app.dir}/index.html`)
      const tile = t.page.locator(`#tile-${app.name}`)
      expect({ app: app.name, text: (await tile.innerText()).includes('还没有构建') }).toEqual({ app: app.name, text: !built })
      expect(await tile.locator('a.open').count()).toBe(built ? 1 : 0)
    }
    const built = apps.filter((app) => fs.existsSync(`${app.dir}/index.html`))
    expect(built.map((a) => a.name)).toContain('market')

    const frame = t.page.locator('iframe[name=phone]')
    const box = await frame.boundingBox()
    expect(box && { width: Math.round(box.width), height: Math.round(box.height) }).toEqual({ width: 375, height: 667 })
    for (const app of built) {
      await t.page.locator(`#tile-${app.name} a.open`).click()
      // The frame still shows the previous app (with its own #purpose) until the new one loads:
      // wait for the frame to be at this app before looking inside it.
      const phone = t.page.frame({ name: 'phone' })
      if (!phone) throw new Error('no phone frame')
      await phone.waitForURL(new RegExp(`/${app.name}/`))
      const inFrame = t.page.frameLocator('iframe[name=phone]')
      await inFrame.locator('#purpose').waitFor({ state: 'visible' })
      expect(await inFrame.locator('body').evaluate(() => location.pathname)).toMatch(new RegExp(`^/${app.name}/`))
      await t.screenshot(`launcher-${app.name}`)
    }
    // The page itself stayed the launcher.
    expect(new URL(t.page.url()).pathname).toBe('/')
    expect(await t.page.locator('#tile-market a.full').getAttribute('href')).toBe('/market/')
  })

  e2eTest('the API and the local WeChat answer on the same origin as the apps', async (t) => {
    // What the apps rely on: /api for data, /wechat-sandbox for wx.login and the cashier.
    const ready = await t.page.request.get(new URL('/readyz', t.baseUrl).href)
    expect(await ready.json()).toEqual({ ok: true, checks: { database: 'sqlite' } })
    const login = await t.page.request.post(new URL('/wechat-sandbox/sandbox/login', t.baseUrl).href, { data: { user: '张大爷' } })
    const { code } = (await login.json()) as { code: string }
    const session = await t.page.request.post(new URL('/api/auth/login', t.baseUrl).href, { data: { code } })
    expect(session.status()).toBe(200)
    expect(await session.json()).toMatchObject({ token: expect.any(String), user: { id: expect.any(String) } })
  })
})
