import type { UserConfigExport } from '@tarojs/cli'

/** One tab of WeChat's tab bar; its icons are assets/tab/<icon>.png and <icon>-active.png. */
export interface TianyuanTab {
  /** A main-package page, e.g. 'pages/index/index'. */
  page: string
  text: string
  icon: string
}

/** A mini-program plugin as app.json declares it. */
export interface MiniProgramPlugin {
  version: string
  provider: string
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
  subpackages?: readonly { root: string; pages: readonly string[]; plugins?: Readonly<Record<string, MiniProgramPlugin>> }[]
  /** Main-package page → subpackage roots WeChat downloads while the user is there (network 'all'). */
  preloadRule?: Readonly<Record<string, readonly string[]>>
  /**
   * app.json's requiredBackgroundModes: 'audio' keeps BackgroundAudioManager playing with the
   * screen off (reviewed by WeChat at release: only an app that plays lessons asks for it).
   */
  requiredBackgroundModes?: readonly ('audio' | 'location')[]
  /**
   * H5: the GETs the home page makes on a first visit, as the SDK builds them (path and query,
   * e.g. '/api/market/products?size=6'). The page starts them while its code loads
   * (first-screen-hints.js); the SDK hands each to the first identical request.
   */
  firstScreenData?: readonly string[]
}

/** What defineTianyuanApp returns: Taro's app config (app.json on weapp). */
export interface TianyuanAppConfig {
  pages: string[]
  subPackages: { root: string; pages: string[]; plugins?: Record<string, MiniProgramPlugin> }[]
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
/** The apps' framework: 'preact' unless TIANYUAN_FRAMEWORK=react. */
export function frameworkOf(env?: NodeJS.ProcessEnv): 'preact' | 'react'
/** babel-preset-taro's options for the same framework as the build. */
export function babelPresetOptions(env?: NodeJS.ProcessEnv): { framework: 'preact' | 'react'; ts: true; compiler: 'webpack5'; hot?: false; targets?: Record<string, string> }
/** mini.baseLevel: BASE_LEVEL unless TIANYUAN_BASE_LEVEL says otherwise. */
export function baseLevelOf(env?: NodeJS.ProcessEnv): number
export const BASE_LEVEL: number

/** src/app.config.ts in one call: `export default defineTianyuanApp(app)`. */
export function defineTianyuanApp(app: TianyuanApp): TianyuanAppConfig

/** The same, for a given build target ('weapp', 'h5'): what tests compare app.json with. */
export function appConfigOf(app: TianyuanApp, env?: string): TianyuanAppConfig

export const PAGE_BACKGROUND: string

/**
 * The notices subpackage's plugins for 听: WeChat's 同声传译 (WechatSI) at the version in
 * TIANYUAN_WECHAT_SI, or undefined (the default: the AppID must have added the plugin, and
 * compiling fetches it from WeChat's servers).
 */
export function speechPlugins(env?: Record<string, string | undefined>): Record<string, MiniProgramPlugin> | undefined
