import type { UserConfigExport } from '@tarojs/cli'

/** One tab of WeChat's tab bar; its icons are assets/tab/<icon>.png and <icon>-active.png. */
export interface TianyuanTab {
  /** A main-package page, e.g. 'pages/index/index'. */
  page: string
  text: string
  icon: string
}

/** An app's identity, written once (apps/<app>/config/app.ts). */
export interface TianyuanApp {
  /** Short lower-case name: the H5 base path /<name>/, storage keys ty:<name>:… */
  name: string
  /** The app's name as users see it: navigation bar, H5 page title, first paint. */
  title: string
  /** #rrggbb: navigation bar, selected tab, first paint. */
  themeColor: string
  /** The tab pages, in order; they are the main package's pages. */
  tabs: readonly TianyuanTab[]
  /** Everything else, loaded on demand. */
  subpackages?: readonly { root: string; pages: readonly string[] }[]
  /** Main-package page → subpackage roots WeChat downloads while the user is there (network 'all'). */
  preloadRule?: Readonly<Record<string, readonly string[]>>
  /**
   * app.json's requiredBackgroundModes: 'audio' keeps BackgroundAudioManager playing with the
   * screen off (reviewed by WeChat at release: only an app that plays lessons asks for it).
   */
  requiredBackgroundModes?: readonly ('audio' | 'location')[]
}

/** What defineTianyuanApp returns: Taro's app config (app.json on weapp). */
export interface TianyuanAppConfig {
  pages: string[]
  subPackages: { root: string; pages: string[] }[]
  preloadRule?: Record<string, { network: 'all'; packages: string[] }>
  requiredBackgroundModes?: ('audio' | 'location')[]
  lazyCodeLoading: 'requiredComponents'
  window: {
    navigationBarTitleText: string
    navigationBarBackgroundColor: string
    navigationBarTextStyle: 'white'
    backgroundColor: string
    navigationStyle?: 'default'
  }
  tabBar: {
    color: string
    selectedColor: string
    backgroundColor: string
    list: { pagePath: string; text: string; iconPath: string; selectedIconPath: string }[]
  }
}

export function createTaroConfig(options: { appDir: string; app: TianyuanApp }): UserConfigExport<'webpack5'>

/** src/app.config.ts in one call: `export default defineTianyuanApp(app)`. */
export function defineTianyuanApp(app: TianyuanApp): TianyuanAppConfig

/** The same, for a given build target ('weapp', 'h5'): what tests compare app.json with. */
export function appConfigOf(app: TianyuanApp, env?: string): TianyuanAppConfig

export const PAGE_BACKGROUND: string
