import { createH5Platform } from './h5'
import { taroPlatform } from './taro'
import type { Platform } from './types'

// Replaced by Taro's DefinePlugin at build time; declared here because the SDK has no Node types.
declare const process: { env: { TARO_ENV?: string } }

/**
 * The platform an app should use: Taro's API on weapp; on H5 the same, with login and
 * payment sent to the wechat-sandbox. Taro replaces `process.env.TARO_ENV` at build time, so
 * a weapp bundle's minifier drops the H5 branch (and, the package having no side effects,
 * the H5 module with it).
 */
export const defaultPlatform: Platform = process.env.TARO_ENV === 'h5' ? /* @__PURE__ */ createH5Platform({ base: taroPlatform }) : taroPlatform
