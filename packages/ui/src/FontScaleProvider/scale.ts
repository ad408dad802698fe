// The font-scale model, as plain functions (no Taro, no React) so it is tested directly.
//
// scale = WeChat's font setting × (大字 mode ? BIG_TEXT_FACTOR : 1), clamped.
// The page shell puts it on its root as the CSS variable --ty-fs; every font size in
// @tianyuan/ui (and in the apps' page styles) is calc(<size>px * var(--ty-fs, 1)).

/** What 大字 mode multiplies WeChat's own setting by (34px body text → 44px). */
export const BIG_TEXT_FACTOR = 1.3
/** WeChat's smallest setting is about 0.9 (iOS 16/17 px; Android's "-1"). */
export const MIN_SCALE = 0.85
/** The largest WeChat setting we follow: iPad 29.75 px / 17 ≈ 1.75; Android tops out near 2. */
export const MAX_WECHAT_SCALE = 2
/** WeChat's largest setting with 大字 mode on as well. */
export const MAX_SCALE = 2.6
/** From this scale on, layouts stack side-by-side items (class ty-fs--large). */
export const LARGE_SCALE = 1.3

/** The fields of wx.getAppBaseInfo / wx.getSystemInfoSync this model reads. */
export interface WeChatFontInfo {
  fontSizeScaleFactor?: unknown
  fontSizeSetting?: unknown
  platform?: unknown
}

/** The parts of Taro the reading needs (a parameter so tests can hand in a stand-in). */
export interface FontInfoSource {
  getAppBaseInfo?: () => unknown
  getSystemInfoSync?: () => unknown
}

const round2 = (n: number): number => Math.round(n * 100) / 100
const clamp = (n: number, min: number, max: number): number => Math.min(max, Math.max(min, n))
const positive = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined)

/**
 * WeChat's font scale from its settings: `fontSizeScaleFactor` when present; otherwise
 * `fontSizeSetting` over the standard size (17 px on iOS, 16 px on Android, as WeChat's
 * 适老化 guide defines them); otherwise 1. Clamped to [MIN_SCALE, MAX_WECHAT_SCALE].
 */
export function resolveWeChatScale(info: WeChatFontInfo | undefined): number {
  const factor = positive(info?.fontSizeScaleFactor)
  if (factor !== undefined) return round2(clamp(factor, MIN_SCALE, MAX_WECHAT_SCALE))
  const setting = positive(info?.fontSizeSetting)
  if (setting !== undefined) {
    const standard = typeof info?.platform === 'string' && /ios|ipad/i.test(info.platform) ? 17 : 16
    return round2(clamp(setting / standard, MIN_SCALE, MAX_WECHAT_SCALE))
  }
  return 1
}

/** The scale the page uses: WeChat's, times BIG_TEXT_FACTOR in 大字 mode. */
export function combineScale(weChatScale: number, big: boolean): number {
  return round2(clamp(weChatScale * (big ? BIG_TEXT_FACTOR : 1), MIN_SCALE, MAX_SCALE))
}

function call(fn: (() => unknown) | undefined): Record<string, unknown> | undefined {
  if (typeof fn !== 'function') return undefined
  try {
    const value = fn()
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined
  } catch {
    // H5 and old base libraries may lack either API: the other one, or 1, is the answer.
    return undefined
  }
}

/**
 * Reads the font fields: getAppBaseInfo first (WeChat's recommended API, base library
 * 2.20.1+), then getSystemInfoSync for whatever it lacked (older WeChat, H5).
 */
export function readWeChatFontInfo(source: FontInfoSource): WeChatFontInfo {
  const base = call(source.getAppBaseInfo)
  if (positive(base?.fontSizeScaleFactor) !== undefined) return { fontSizeScaleFactor: base?.fontSizeScaleFactor }
  const system = call(source.getSystemInfoSync)
  return {
    fontSizeScaleFactor: system?.fontSizeScaleFactor,
    fontSizeSetting: base?.fontSizeSetting ?? system?.fontSizeSetting,
    platform: system?.platform,
  }
}

/** The storage key of an app's 大字 mode: apart per app (the H5 apps share one origin). */
export function bigTextKey(app: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(app)) throw new Error(`FontScaleProvider: app must be a short lower-case name, got "${app}"`)
  return `ty:${app}:ui:bigText`
}

/** A stored 大字 flag: only `true` turns it on (missing, '' or anything else is off). */
export function parseStoredBig(value: unknown): boolean {
  return value === true
}

/** The root class: ty-fs always, ty-fs--big in 大字 mode, ty-fs--large from LARGE_SCALE on. */
export function fontScaleClass(scale: number, big: boolean): string {
  return ['ty-fs', big ? 'ty-fs--big' : '', scale >= LARGE_SCALE ? 'ty-fs--large' : ''].filter(Boolean).join(' ')
}

/** The root style: the CSS variable every font size multiplies by. */
export function fontScaleStyle(scale: number): string {
  return `--ty-fs:${scale}`
}
