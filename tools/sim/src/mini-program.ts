import fs from 'node:fs'
import path from 'node:path'
import * as simulate from 'miniprogram-simulate'
import { answerAsync, WxFailure, type WxCallbacks, type WxResult } from './callbacks'
import { SimWx, type SystemInfo } from './fake-wx'
import type { WxNetworkType } from './network'
import { SimPage, type PageInstance, type SimRootComponent } from './page'
import type { FetchHandler } from './requests'
import { formatPageUrl, parsePageUrl } from './url'
import { waitFor, type WaitOptions } from './wait'

export interface LaunchOptions {
  /** Absolute path of the app's compiled output, e.g. apps/market/dist/weapp. */
  dist: string
  /** The page to open, e.g. '/pages/index/index?from=share'; default the app's first page. */
  url?: string
  /** Answers wx.request/uploadFile/downloadFile, e.g. a Hono app's `fetch`. */
  fetch?: FetchHandler
  /** The connection at launch; default 'wifi'. */
  network?: WxNetworkType
  /** Storage the phone already holds at launch. */
  storage?: Record<string, unknown>
  /** Keep the previous launch's storage (a restart rather than a fresh phone). */
  keepStorage?: boolean
  /** WeChat's font scale at launch (1 standard, up to 2). */
  fontScale?: number
  systemInfo?: Partial<SystemInfo>
  /** WeChat's scene value for the launch; default 1001 (opened from the chat list). */
  scene?: number
  /**
   * Count an Error the app passes to console.error as an app error (default true): that is
   * how React reports a render error, and waits then stop with it instead of timing out.
   */
  consoleErrors?: boolean
  /**
   * Runs once the phone is reset and the options above applied, before the app boots or the page
   * opens: for the wx fakes the first screen already needs (login codes, a provided API). Changes
   * made after launchApp resolves come too late for what the first page did while rendering.
   */
  prepareWx?: (wx: SimWx) => void
}

interface AppJson {
  pages: string[]
  entryPagePath?: string
  subPackages?: { root: string; pages: string[] }[]
  subpackages?: { root: string; pages: string[] }[]
  tabBar?: { list: { pagePath: string; text?: string }[] }
}

interface AppInstance {
  onLaunch?: (options: unknown) => void
  onShow?: (options: unknown) => void
  onHide?: () => void
  [member: string]: unknown
}

/** webpack's require inside the app bundle, with its module table. */
interface BundleRequire {
  (id: string): Record<string, unknown>
  m: Record<string, unknown>
}

type ComponentConstructor = (definition: Record<string, unknown>) => void

// WeChat's limit on the page stack (navigateTo fails beyond it).
const MAX_STACK = 10

/** What the global object holds once the mini-program world is installed. */
interface SimGlobals {
  wx: Record<string, unknown>
  Component: ComponentConstructor
  App?: (options: AppInstance) => void
  getApp?: () => AppInstance | undefined
  getCurrentPages?: () => PageInstance[]
  Page?: (options: Record<string, unknown>) => void
}
const globals = globalThis as unknown as SimGlobals

/**
 * A booted mini-program with a real page stack. One per test file: the app's JS runs once
 * (Jest keeps each module for the whole file and miniprogram-simulate cannot re-run it), so
 * a second `launchApp` in the same file restarts the page stack and the fakes, not the JS.
 */
export class SimApp {
  /** Lifecycle calls in order, e.g. 'pages/index/index onHide'. */
  readonly lifecycle: string[] = []
  /** Successful navigations, e.g. 'navigateTo pkg/pages/about/index'. */
  readonly navigations: string[] = []
  /** Errors thrown by page lifecycle hooks, in any page. */
  readonly errors: unknown[] = []

  private readonly stack: SimPage[] = []
  /** Tab pages WeChat keeps alive (hidden) after switching away from them. */
  private readonly hiddenTabs = new Map<string, SimPage>()
  /** simulator component ids by absolute path (no extension) */
  private readonly componentIds = new Map<string, string>()
  private readonly pageByInstance = new WeakMap<object, SimPage>()
  private readonly appJson: AppJson
  private appInstance: AppInstance | undefined
  private loadingRoute = ''
  private taro: Record<string, unknown> | undefined
  private recordConsoleErrors = true
  private launchUrl = { route: '', query: {} as Record<string, string>, scene: 1001 }

  constructor(
    readonly dist: string,
    readonly wx: SimWx,
  ) {
    const appJsonPath = path.join(dist, 'app.json')
    if (!fs.existsSync(appJsonPath)) throw new Error(`${appJsonPath} not found: build the app first (node scripts/build.mjs weapp <app>)`)
    this.appJson = JSON.parse(fs.readFileSync(appJsonPath, 'utf8')) as AppJson
  }

  /** The page on top of the stack: the one on screen. */
  get page(): SimPage {
    const top = this.stack[this.stack.length - 1]
    if (!top) throw new Error('no page is open')
    return top
  }

  /** The page stack, bottom first, as getCurrentPages() reports it. */
  get pages(): SimPage[] {
    return [...this.stack]
  }

  get routes(): string[] {
    return this.stack.map((p) => p.route)
  }

  get app(): AppInstance | undefined {
    return this.appInstance
  }

  /** Every page in app.json, subpackages included. */
  get allRoutes(): string[] {
    const subPackages = this.appJson.subPackages ?? this.appJson.subpackages ?? []
    return [...this.appJson.pages, ...subPackages.flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/$/, '')}/${p}`))]
  }

  get tabRoutes(): string[] {
    return (this.appJson.tabBar?.list ?? []).map((t) => t.pagePath)
  }

  /**
   * Waits until `route` is on top and rendered; resolves with it. Stops early with the error
   * if a page hook throws or an uncaught error (e.g. a React render error) happens meanwhile.
   */
  async waitForPage(route: string, options: WaitOptions = {}): Promise<SimPage> {
    return waitFor(
      () => {
        const top = this.stack[this.stack.length - 1]
        return top?.route === route && top.rendered ? top : undefined
      },
      {
        description: `page ${route} on top and rendered`,
        explain: () => `stack: [${this.routes.join(', ')}]`,
        abortIf: this.newErrorSince(),
        ...options,
      },
    )
  }

  /** For `abortIf`: the first error recorded after this call. */
  newErrorSince(): () => unknown {
    const seen = this.errors.length
    return () => this.errors[seen]
  }

  /** The test navigates as the app would (wx.navigateTo); resolves with the new page, rendered. */
  async navigateTo(url: string): Promise<SimPage> {
    await this.callRouter('navigateTo', { url })
    return this.waitForPage(this.page.route)
  }

  async redirectTo(url: string): Promise<SimPage> {
    await this.callRouter('redirectTo', { url })
    return this.waitForPage(this.page.route)
  }

  async navigateBack(delta = 1): Promise<SimPage> {
    await this.callRouter('navigateBack', { delta })
    return this.waitForPage(this.page.route)
  }

  /** Also what a tap on the tab bar does. */
  async switchTab(url: string): Promise<SimPage> {
    await this.callRouter('switchTab', { url })
    return this.waitForPage(this.page.route)
  }

  async reLaunch(url: string): Promise<SimPage> {
    await this.callRouter('reLaunch', { url })
    return this.waitForPage(this.page.route)
  }

  /**
   * The app's own bundled `@tarojs/taro` default export, to call APIs exactly as the app's
   * code does (Taro.getStorage, Taro.request, …) and see them reach the fake wx.
   */
  bundledTaro(): Record<string, unknown> {
    if (this.taro) return this.taro
    // A chunk pushed onto webpackJsonp gets the bundle's __webpack_require__.
    let bundleRequire: BundleRequire | undefined
    const jsonp = this.wx.api.webpackJsonp as unknown[] | undefined
    if (!jsonp) throw new Error('the app has not booted (no wx.webpackJsonp)')
    jsonp.push([['__tianyuan_sim_probe'], {}, (r: BundleRequire) => void (bundleRequire = r)])
    if (!bundleRequire) throw new Error('the bundle did not hand over its module table')
    for (const [id, factory] of Object.entries(bundleRequire.m)) {
      // Only the module that builds the Taro object: requiring others could run them.
      const source = String(factory)
      if (!source.includes('getInitPxTransform') || !source.includes('interceptorify')) continue
      for (const value of Object.values(bundleRequire(id))) {
        const candidate = value as Record<string, unknown> | undefined
        if (candidate && typeof candidate.getCurrentInstance === 'function' && typeof candidate.navigateTo === 'function') {
          this.taro = candidate
          return candidate
        }
      }
    }
    throw new Error('@tarojs/taro not found in the bundle')
  }

  /** The user leaves WeChat (home button): page onHide, then App onHide. */
  moveToBackground(): void {
    const top = this.stack[this.stack.length - 1]
    if (top) this.hook(top, 'onHide')
    this.appInstance?.onHide?.call(this.appInstance)
  }

  /** The user comes back: App onShow, then page onShow. */
  moveToForeground(): void {
    this.appInstance?.onShow?.call(this.appInstance, this.launchOptions())
    const top = this.stack[this.stack.length - 1]
    if (top) this.hook(top, 'onShow')
  }

  // ------------------------------------------------------------------ boot and launch

  /** @internal used by launchApp */
  async start(options: LaunchOptions): Promise<SimPage> {
    this.unloadEverything()
    this.applyLaunchOptions(options)
    this.errors.length = 0
    this.lifecycle.length = 0
    this.navigations.length = 0
    this.recordConsoleErrors = options.consoleErrors ?? true
    const target = parsePageUrl(options.url ?? `/${this.appJson.entryPagePath ?? this.appJson.pages[0] ?? ''}`)
    this.checkRoute(target.route)
    this.launchUrl = { ...target, scene: options.scene ?? 1001 }
    if (!this.appInstance) this.boot()
    this.openPage(target.route, target.query)
    return this.waitForPage(target.route)
  }

  private applyLaunchOptions(options: LaunchOptions): void {
    const wx = this.wx
    const kept = options.keepStorage ? wx.storage.info().keys.map((key) => [key, wx.storage.get(key)] as const) : []
    wx.reset()
    for (const [key, read] of kept) if (read.found) wx.storage.set(key, read.data)
    for (const [key, value] of Object.entries(options.storage ?? {})) wx.storage.set(key, value)
    wx.setFetchHandler(options.fetch)
    if (options.network) wx.switchNetwork(options.network)
    if (options.systemInfo) wx.setSystemInfo(options.systemInfo)
    if (options.fontScale !== undefined) wx.setFontScale(options.fontScale)
    options.prepareWx?.(wx)
  }

  private launchOptions(): Record<string, unknown> {
    return { path: this.launchUrl.route, query: { ...this.launchUrl.query }, scene: this.launchUrl.scene, referrerInfo: {} }
  }

  /** Installs App/Page/getApp/getCurrentPages, then runs app.js: onLaunch, onShow. */
  private boot(): void {
    globals.App = (options) => {
      this.appInstance = options
    }
    globals.getApp = () => this.appInstance
    // WeChat hands out a fresh array, bottom first
    globals.getCurrentPages = () => this.stack.map((p) => p.instance)
    globals.Page = (options) => this.definePage(options)
    this.watchForUncaughtErrors()
    this.installRouter()
    this.wx.provide('getLaunchOptionsSync', () => this.launchOptions())
    this.wx.provide('getEnterOptionsSync', () => this.launchOptions())
    // app.js requires runtime, taro, vendors and common, and calls App()
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiled app is CommonJS, loaded by path at run time
    require(path.join(this.dist, 'app.js'))
    const app = this.appInstance
    if (!app) throw new Error(`${this.dist}/app.js did not call App()`)
    app.onLaunch?.call(app, this.launchOptions())
    app.onShow?.call(app, this.launchOptions())
  }

  /**
   * Errors outside page hooks go to `errors` too, so waits stop at once instead of timing out.
   * A throw in a timer reaches jsdom's window 'error' event. A React render error reaches
   * nothing a test can see: React logs it with console.error(error) and rethrows it inside a
   * microtask, so an Error given to console.error counts (`consoleErrors: false` turns that off).
   */
  private watchForUncaughtErrors(): void {
    window.addEventListener('error', (event) => this.errors.push(event.error ?? event.message))
    const log = console.error.bind(console)
    console.error = (...args: unknown[]) => {
      const error = args.find((arg) => arg instanceof Error)
      if (error && this.recordConsoleErrors) this.errors.push(error)
      log(...args)
    }
  }

  /**
   * Page(options) → a simulator Component whose lifetimes drive Taro's page hooks. Taro's
   * onLoad/onShow/onHide/onUnload set the current router, mount and unmount the React page
   * and fire useDidShow/useDidHide, so nothing inside Taro is touched.
   */
  private definePage(options: Record<string, unknown>): void {
    const methods: Record<string, unknown> = {}
    const fields: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(options)) {
      if (typeof value === 'function') methods[key] = value
      else if (key !== 'data') fields[key] = value
    }
    const route = this.loadingRoute
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- lifetimes run with the page instance as `this`
    const sim = this
    globals.Component({
      data: options.data ?? {},
      options: { addGlobalClass: true },
      methods,
      lifetimes: {
        created(this: PageInstance) {
          Object.assign(this, fields)
          this.route = route
          this.__route__ = route
          const setData = this.setData.bind(this)
          this.setData = (data, callback) => {
            const page = sim.pageByInstance.get(this)
            if (page) {
              page.setDataCount++
              page.lastSetDataAt = Date.now()
            }
            setData(data, callback)
          }
        },
        attached(this: PageInstance) {
          const page = sim.pageByInstance.get(this)
          if (!page) return
          sim.hook(page, 'onLoad', { ...page.query })
          sim.hook(page, 'onShow')
        },
        ready(this: PageInstance) {
          const page = sim.pageByInstance.get(this)
          if (page) sim.hook(page, 'onReady')
        },
        detached(this: PageInstance) {
          const page = sim.pageByInstance.get(this)
          if (page) sim.hook(page, 'onUnload')
        },
      },
    })
  }

  private hook(page: SimPage, name: string, ...args: unknown[]): void {
    this.lifecycle.push(`${page.route} ${name}`)
    const fn = page.instance[name]
    if (typeof fn !== 'function') return
    try {
      ;(fn as (...a: unknown[]) => unknown).apply(page.instance, args)
    } catch (error) {
      page.errors.push(error)
      this.errors.push(error)
    }
  }

  // miniprogram-simulate's load() runs a component's JS with require() and then deletes it
  // from require.cache so it can run again; Jest ignores that delete (and webpack would not
  // re-run the chunk anyway), so each page's and component's JS, and its Page()/Component()
  // call, runs once per test file. So: load each page and each custom component (e.g. Taro's
  // `comp`, which renders trees deeper than 16 levels) once, dependencies first, and hand the
  // ids already registered to later loads instead of letting them register the same JS again.
  private componentIdFor(route: string): string {
    this.loadingRoute = route
    return this.loadComponent(path.join(this.dist, route), new Set())
  }

  private loadComponent(componentPath: string, loading: Set<string>): string {
    const known = this.componentIds.get(componentPath)
    if (known) return known
    loading.add(componentPath)
    const json = JSON.parse(fs.readFileSync(`${componentPath}.json`, 'utf8')) as { usingComponents?: Record<string, string> }
    const registered: Record<string, string> = {}
    for (const [tag, target] of Object.entries(json.usingComponents ?? {})) {
      const dependency = target.startsWith('/') ? path.join(this.dist, target) : path.join(path.dirname(componentPath), target)
      // a component using itself (Taro's comp does) is resolved by the simulator in one load
      if (loading.has(dependency) || !fs.existsSync(`${dependency}.json`)) continue
      registered[tag] = this.loadComponent(dependency, loading)
    }
    const id = simulate.load(componentPath, { rootPath: this.dist, usingComponents: registered })
    this.componentIds.set(componentPath, id)
    return id
  }

  /** Renders `route` and puts it on top: onLoad(query), onShow, onReady. */
  private openPage(route: string, query: Record<string, string>): SimPage {
    const component = simulate.render(this.componentIdFor(route)) as unknown as SimRootComponent
    const page = new SimPage(route, query, component, this.errors)
    page.instance.options = query
    this.pageByInstance.set(component.instance as object, page)
    this.stack.push(page)
    const host = document.createElement('sim-page')
    host.setAttribute('route', route)
    document.body.appendChild(host)
    component.attach(host)
    return page
  }

  /** onUnload, off the stack, out of the DOM. React unmounts a moment later. */
  private unloadPage(page: SimPage): void {
    const host = page.component.dom?.parentNode
    page.component.detach()
    page.unloaded = true
    const i = this.stack.indexOf(page)
    if (i >= 0) this.stack.splice(i, 1)
    host?.parentNode?.removeChild(host)
  }

  private unloadEverything(): void {
    while (this.stack.length) this.unloadPage(this.stack[this.stack.length - 1]!)
    for (const page of this.hiddenTabs.values()) this.unloadPage(page)
    this.hiddenTabs.clear()
  }

  private checkRoute(route: string): void {
    if (!this.allRoutes.includes(route)) throw new WxFailure(`page "${route}" is not found`)
  }

  // ------------------------------------------------------------------ router

  private installRouter(): void {
    type RouteOptions = WxCallbacks & { url?: string; delta?: number }
    const route = (name: string, navigate: (opts: RouteOptions) => string) =>
      this.wx.provide(name, (opts?: RouteOptions) =>
        answerAsync(name, opts, () => {
          this.navigations.push(`${name} ${navigate(opts ?? {})}`)
          return {}
        }),
      )
    const top = (): SimPage | undefined => this.stack[this.stack.length - 1]
    const target = (url: string | undefined, kind: 'page' | 'tab' | 'any') => {
      if (!url) throw new WxFailure('parameter error: parameter.url should be String')
      const parsed = parsePageUrl(url, top()?.route)
      this.checkRoute(parsed.route)
      const isTab = this.tabRoutes.includes(parsed.route)
      if (kind === 'page' && isTab) throw new WxFailure('can not navigateTo a tabbar page')
      if (kind === 'tab' && !isTab) throw new WxFailure('can not switch to no-tabBar page')
      return parsed
    }

    // Order as in WeChat: the old page hides (or unloads), then the new one loads.
    route('navigateTo', ({ url }) => {
      const next = target(url, 'page')
      if (this.stack.length >= MAX_STACK) throw new WxFailure('webview count limit exceed')
      const current = top()
      if (current) this.hook(current, 'onHide')
      this.openPage(next.route, next.query)
      return formatPageUrl(next)
    })
    route('redirectTo', ({ url }) => {
      const next = target(url, 'page')
      const current = top()
      if (current) this.unloadPage(current)
      this.openPage(next.route, next.query)
      return formatPageUrl(next)
    })
    route('navigateBack', ({ delta = 1 }) => {
      if (this.stack.length <= 1) throw new WxFailure('cannot navigate back at first page.')
      const count = Math.min(Math.max(1, delta), this.stack.length - 1)
      for (let i = 0; i < count; i++) this.unloadPage(top()!)
      this.hook(top()!, 'onShow')
      return String(count)
    })
    route('switchTab', ({ url }) => {
      // switchTab ignores the query
      const next = target(url?.split('?')[0], 'tab')
      // Every non-tab page closes; the tab page being left stays alive, hidden.
      for (let p = top(); p && !this.tabRoutes.includes(p.route); p = top()) this.unloadPage(p)
      const current = top()
      if (current?.route === next.route) return next.route
      if (current) {
        this.hook(current, 'onHide')
        this.stack.pop()
        this.hiddenTabs.set(current.route, current)
      }
      const kept = this.hiddenTabs.get(next.route)
      if (kept) {
        this.hiddenTabs.delete(next.route)
        this.stack.push(kept)
        this.hook(kept, 'onShow')
      } else this.openPage(next.route, {})
      return next.route
    })
    route('reLaunch', ({ url }) => {
      const next = target(url, 'any')
      this.unloadEverything()
      this.openPage(next.route, next.query)
      return formatPageUrl(next)
    })
  }

  private async callRouter(name: string, options: Record<string, unknown>): Promise<WxResult> {
    const api = this.wx.api[name] as (o: Record<string, unknown>) => Promise<WxResult>
    try {
      return await api(options)
    } catch (result) {
      const errMsg = (result as WxResult | undefined)?.errMsg
      throw new Error(errMsg ?? String(result), { cause: result })
    }
  }
}

let current: SimApp | undefined
let installedWx: SimWx | undefined

/**
 * Boots the app in `dist` (first call in a test file) and opens a page; resolves once it
 * has rendered. `sim.wx` drives the fake phone; `sim.page` is the page on screen.
 */
export async function launchApp(options: LaunchOptions): Promise<SimApp> {
  const dist = path.resolve(options.dist)
  if (current && current.dist !== dist) {
    throw new Error(`this test file already booted ${current.dist}; one app per test file (its JS runs once per file)`)
  }
  if (!current) {
    installedWx = installFakeWx()
    current = new SimApp(dist, installedWx)
  }
  await current.start(options)
  return current
}

/**
 * Replaces the simulator's thin `wx` with the controllable fake. Every API name the
 * simulator knows stays present (Taro builds its `Taro.*` table from wx's keys at boot), but
 * those the fake does not provide throw "wx.X is not provided by @tianyuan/sim".
 */
function installFakeWx(): SimWx {
  const knownApis = Object.keys(globals.wx).filter((name) => name !== 'env')
  const wx = new SimWx(knownApis)
  globals.wx = wx.api
  return wx
}
