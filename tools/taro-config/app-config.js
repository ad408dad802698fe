// An app's identity (name, title, theme colour, tab bar, subpackages) → its Taro app config
// (what app.json says on weapp, what the router reads on H5). Plain CommonJS, like index.js:
// app.config.ts is bundled by Taro's esbuild hook, config/index.ts only compiles its own folder.

/** The page background of every app (app.scss `page`, the first-paint placeholder). */
const PAGE_BACKGROUND = '#f5f5f0'
/** The tab bar's resting label colour: 7.5:1 on white. */
const TAB_COLOR = '#555555'
/** app.json's requiredBackgroundModes values WeChat accepts. */
const BACKGROUND_MODES = ['audio', 'location']

/**
 * @param {import('./index').TianyuanApp} app
 * @param {string | undefined} env  the build target (process.env.TARO_ENV)
 * @returns {Record<string, unknown>} the app config (Taro's AppConfig)
 */
function appConfigOf(app, env = process.env.TARO_ENV) {
  const { title, themeColor, tabs, subpackages = [], preloadRule = {}, requiredBackgroundModes = [] } = app
  if (!/^#[0-9a-fA-F]{6}$/.test(themeColor)) throw new Error(`${app.name}: themeColor must be #rrggbb (got ${themeColor})`)
  if (tabs.length < 2 || tabs.length > 5) throw new Error(`${app.name}: WeChat's tab bar has 2 to 5 tabs (got ${tabs.length})`)
  const roots = new Set(subpackages.map((s) => s.root))
  const tabPages = tabs.map((t) => t.page)
  for (const mode of requiredBackgroundModes) {
    if (!BACKGROUND_MODES.includes(mode)) throw new Error(`${app.name}: requiredBackgroundModes takes ${BACKGROUND_MODES.join(', ')} (got ${mode})`)
  }
  for (const [page, packages] of Object.entries(preloadRule)) {
    if (!tabPages.includes(page)) throw new Error(`${app.name}: preloadRule names ${page}, which is not a main-package page`)
    for (const root of packages) if (!roots.has(root)) throw new Error(`${app.name}: preloadRule for ${page} names unknown subpackage "${root}"`)
  }
  return {
    // Only tab pages live in the main package; everything else loads on demand.
    pages: tabPages,
    // A subpackage's own mini-program plugins (weapp only): only its code may requirePlugin them.
    subPackages: subpackages.map(({ root, pages, plugins }) => ({
      root,
      pages: [...pages],
      ...(env === 'weapp' && plugins && Object.keys(plugins).length ? { plugins: { ...plugins } } : {}),
    })),
    // WeChat downloads these subpackages while the user is on the page (on any network: the
    // villager's 2G is exactly where a later download fails), so the next tap opens at once.
    ...(Object.keys(preloadRule).length
      ? { preloadRule: Object.fromEntries(Object.entries(preloadRule).map(([page, packages]) => [page, { network: 'all', packages: [...packages] }])) }
      : {}),
    // What keeps running with the screen off: 'audio' lets BackgroundAudioManager play on
    // (the classroom's lessons). WeChat reviews it at release, so only an app that plays asks.
    ...(requiredBackgroundModes.length ? { requiredBackgroundModes: [...requiredBackgroundModes] } : {}),
    lazyCodeLoading: 'requiredComponents',
    window: {
      navigationBarTitleText: title,
      navigationBarBackgroundColor: themeColor,
      navigationBarTextStyle: 'white',
      backgroundColor: PAGE_BACKGROUND,
      // WeChat draws its bar on every page; Taro's H5 router draws the same bar (title, a way
      // back, home after a reload deep in the app) only when this is 'default'. @tianyuan/ui
      // styles it (NavigationBar).
      ...(env === 'h5' ? { navigationStyle: 'default' } : {}),
    },
    tabBar: {
      color: TAB_COLOR,
      selectedColor: themeColor,
      backgroundColor: '#ffffff',
      list: tabs.map((t) => ({
        pagePath: t.page,
        text: t.text,
        iconPath: `assets/tab/${t.icon}.png`,
        selectedIconPath: `assets/tab/${t.icon}-active.png`,
      })),
    },
  }
}

/** WeChat's 同声传译 plugin (WechatSI): text-to-speech for the notices' 听 button. */
const WECHAT_SI_PROVIDER = 'wx069ba97219f66d99'

/**
 * The plugins a notices subpackage declares for 听: WechatSI at the version in the build's
 * TIANYUAN_WECHAT_SI (e.g. 0.3.6), or none. Off unless asked for, because a plugin can only be
 * declared by an AppID that has added it in the admin console (设置 → 第三方设置 → 插件管理; the
 * repo's projects use touristappid, which has no plugins), and DevTools / miniprogram-ci fetch the
 * plugin's code from WeChat's servers when they compile — neither is possible offline. Without it
 * requirePlugin finds nothing and the 听 button is not shown on weapp.
 * @param {Record<string, string | undefined>} [envVars]
 * @returns {Record<string, { version: string; provider: string }> | undefined}
 */
function speechPlugins(envVars = process.env) {
  const version = (envVars.TIANYUAN_WECHAT_SI || '').trim()
  if (!version) return undefined
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`TIANYUAN_WECHAT_SI must be the plugin's version, e.g. 0.3.6 (got ${version})`)
  return { WechatSI: { version, provider: WECHAT_SI_PROVIDER } }
}

/**
 * One call per app (src/app.config.ts): `export default defineTianyuanApp(app)`, where `app`
 * is the identity in config/app.ts that config/index.ts also gives createTaroConfig (the H5
 * page's title and first paint use the same name and colour).
 * @param {import('./index').TianyuanApp} app
 */
function defineTianyuanApp(app) {
  return appConfigOf(app)
}

module.exports = { appConfigOf, defineTianyuanApp, speechPlugins, PAGE_BACKGROUND }
