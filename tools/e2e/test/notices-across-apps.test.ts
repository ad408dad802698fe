// 通知到人 across the four mini-programs (issue 16, "Browser"): the village committee's publisher
// (刘建国, the demo publisher apps/api's seedNotices makes — a sandbox login by that name is that
// account) posts an urgent frost warning with a photograph from 乡村问诊's 我的 → 发布通知; then a
// villager opens each app's home page — at normal size and in 大字 mode — and finds it pinned
// first in the notice strip, above the app's own notices and the seeded urgent one, without the
// app's main task pushed off the first screen; opens it (title, photo, text) and comes back.
// Every screen is photographed with axe-core over it (`shot`). Last, the publisher's 我发布的通知
// counts the villagers who opened it (8: one per app and size, each a browser of its own).
//
// Needs all four H5 builds (`node scripts/build.mjs h5`): the preview serves them on one origin
// with one API, so an urgent notice published in one app shows in the other three at once.
import path from 'node:path'
import { actAsSandboxUser, e2eTest, field, shot, textArea, until, type AppName, type E2E } from '../src'
import { repoRoot } from '../src/env'

/** The village committee's publisher (apps/api/src/seed/notices.ts: DEMO_PUBLISHER). */
const PUBLISHER = '刘建国'

/** The notice the publisher posts: a frost warning, urgent (pinned in every app whatever its topics). */
const NOTICE = {
  title: '今夜到明早有霜冻，麦苗菜苗注意防冻',
  paragraphs: [
    '县气象台预报：今天夜里到明天早上，我村最低气温零下 6 度左右，有霜冻。',
    '刚出土的麦苗、露地的菜苗，天黑前盖上草帘或薄膜，明早太阳出来、霜化了再揭开；大棚关好风口，加盖保温被。',
    '有问题打村委会电话，或到村委会找刘建国。',
  ],
  topic: '天气预警',
} as const

/**
 * A real photograph of what the notice is about: young green seedlings, close-up (the Debian
 * mate-backgrounds "GreenMeadow" photo, GPL-2+; apps/api/src/seed/photos/LICENCES.md). No photo
 * of frost itself is among the repository's free photographs; the seedlings are what it protects.
 */
const PHOTO = path.join(repoRoot, 'apps/api/src/seed/photos/green-meadow.jpg')

/**
 * Where each app's main task starts on its home page: the notice strip may sit above it, but
 * at normal size it must not push it off the first screen (375 × 667).
 */
const MAIN_TASK: Record<AppName, string> = {
  market: '#search-input',
  clinic: '#search-input',
  classroom: '#search-input',
  microloan: '#open-calculator',
}

const APPS: AppName[] = ['market', 'clinic', 'classroom', 'microloan']

/** What the publish test leaves for the others: the notice's id on the server. */
let publishedId: string | undefined

/** The app's notices as the API lists them (public, no sign-in): what the strip is made of. */
async function listed(t: E2E, app: AppName): Promise<Array<{ id: string; title: string; urgent: boolean }>> {
  const res = await fetch(new URL(`/api/notices?app=${app}`, t.baseUrl))
  if (!res.ok) throw new Error(`GET /api/notices?app=${app}: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { notices: Array<{ id: string; title: string; urgent: boolean }> }).notices
}

e2eTest(
  'a publisher posts an urgent notice with a photo from 我的 → 发布通知, and sees it in 我发布的通知',
  async (t) => {
    await actAsSandboxUser(t, PUBLISHER)
    await t.openApp('clinic', 'pages/mine/index')
    await t.page.locator('#sign-in-button').click()
    // 我的 offers the publisher's two entries once GET /api/me says 'publisher'.
    const publish = t.page.locator('#publish-notice')
    await publish.waitFor()
    await t.page.locator('#my-notices').waitFor()
    await shot(t, 'notices-1-mine-publisher')

    await publish.click()
    await field(t, 'notice-title-input').waitFor()
    await t.page.locator('#publish-who').filter({ hasText: '凤栖镇谷咀村村委会' }).waitFor()
    await field(t, 'notice-title-input').fill(NOTICE.title)
    await textArea(t, 'notice-body-input').fill(NOTICE.paragraphs.join('\n'))
    await t.page.locator('#notice-topics').getByRole('radio', { name: NOTICE.topic }).click()
    // The photo from the album: Taro H5's chooseImage opens the browser's file chooser.
    const chooser = t.page.waitForEvent('filechooser')
    await t.page.locator('#add-photos').click()
    await (await chooser).setFiles(PHOTO)
    await t.page.locator('#photo-0-state').filter({ hasText: '第 1 张：已上传' }).waitFor({ timeout: 30_000 })
    await t.page.locator('#notice-urgent').click()
    expect(await t.page.locator('#notice-urgent').getAttribute('aria-checked')).toBe('true')
    await shot(t, 'notices-2-publish-form')

    await t.page.locator('#publish-notice-button').click()
    // Published: 我发布的通知 lists it first, live, opened by nobody yet.
    const mine = t.page.locator('#published-0').filter({ hasText: NOTICE.title })
    await mine.waitFor({ timeout: 20_000 })
    await t.page.locator('#published-0-opened').filter({ hasText: '还没有人看过' }).waitFor()
    await shot(t, 'notices-3-published')

    const [first] = await listed(t, 'clinic')
    expect(first).toMatchObject({ title: NOTICE.title, urgent: true })
    publishedId = first!.id
  },
  { timeoutMs: 90_000 },
)

for (const bigText of [false, true]) {
  for (const app of APPS) {
    const size = bigText ? '大字' : 'normal size'
    e2eTest(
      `${app}, ${size}: a villager sees the urgent notice pinned first on the home page and opens it`,
      async (t) => {
        if (!publishedId) throw new Error('the publish test did not publish the notice: nothing to look for')
        // Pinned first in every app, whatever the app's own topics (the server's order, which the strip keeps).
        expect((await listed(t, app))[0]).toMatchObject({ id: publishedId, urgent: true })

        await actAsSandboxUser(t, `通知读者（e2e ${app}${bigText ? ' 大字' : ''}）`)
        await t.openApp(app)
        const strip = t.page.locator('#notice-strip')
        const first = t.page.locator('#notice-strip-0')
        await first.filter({ hasText: NOTICE.title }).waitFor()
        await expect(first.getByText('紧急', { exact: true }).count()).resolves.toBe(1)
        // A link a screen reader announces by what it shows: 紧急 and the whole title.
        await t.page.getByRole('link', { name: new RegExp(`^紧急\\s*${NOTICE.title}$`) }).waitFor()
        if (bigText) {
          await t.page.locator('#big-text').click()
          await t.page.locator('#big-text').filter({ hasText: '大字模式：已打开' }).waitFor()
          // The strip grows with the rest of the page.
          expect(await strip.evaluate((el) => el.closest('.ty-fs--big') !== null)).toBe(true)
        } else {
          // The main task stays on the first screen with the strip above it.
          const box = await t.page.locator(MAIN_TASK[app]).first().boundingBox()
          expect(box).not.toBeNull()
          expect(box!.y + box!.height).toBeLessThanOrEqual(667)
        }
        await shot(t, `notices-${app}${bigText ? '-big' : ''}-1-home`)

        // Opening it is counted (once per phone, no personal data): the count the publisher sees last.
        const counted = t.page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/api/notices/${publishedId}/opened`)
        await first.click()
        expect((await counted).ok()).toBe(true)
        await t.page.locator('#notice-title').filter({ hasText: NOTICE.title }).waitFor()
        expect(new URL(t.page.url()).pathname).toBe(`/${app}/notices/pages/detail/index`)
        await t.page.locator('#notice-text').filter({ hasText: '盖上草帘或薄膜' }).waitFor()
        await t.page.locator('#notice-meta').filter({ hasText: '凤栖镇谷咀村村委会' }).waitFor()
        // The photo through NetImage: a box with a text alternative (loaded, or a tap away on a slow link).
        await t.page.locator('#notice [role="img"], #notice img').first().waitFor({ state: 'attached' })
        await shot(t, `notices-${app}${bigText ? '-big' : ''}-2-detail`)

        await t.page.locator('#ty-nav-back').click()
        await first.filter({ hasText: NOTICE.title }).waitFor()
      },
      { timeoutMs: 60_000 },
    )
  }
}

e2eTest(
  'the publisher sees how many people opened it (8 villagers, no names)',
  async (t) => {
    if (!publishedId) throw new Error('the publish test did not publish the notice')
    await actAsSandboxUser(t, PUBLISHER)
    await t.openApp('clinic', 'notices/pages/published/index')
    const row = t.page.locator('#published-0').filter({ hasText: NOTICE.title })
    await until(
      'the open count on 我发布的通知',
      async () => {
        await t.page.reload()
        if (await t.page.locator('#sign-in-button').isVisible()) await t.page.locator('#sign-in-button').click()
        await row.waitFor()
        return (await t.page.locator('#published-0-opened').innerText()).trim()
      },
      (text) => text === '8 人看过',
      20_000,
    )
    expect(await row.innerText()).not.toMatch(/通知读者/)
    await shot(t, 'notices-4-opened-count')
  },
  { timeoutMs: 60_000 },
)
