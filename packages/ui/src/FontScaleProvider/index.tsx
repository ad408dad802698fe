import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type PropsWithChildren } from 'react'
import Taro from '@tarojs/taro'
import { bigTextKey, combineScale, fontScaleClass, fontScaleStyle, parseStoredBig, readWeChatFontInfo, resolveWeChatScale } from './scale'
import './index.scss'

export * from './scale'

export interface FontScale {
  /** The scale every font size multiplies by: WeChat's setting × 大字 mode. */
  scale: number
  /** WeChat's own font setting as a scale (1 is standard). */
  weChatScale: number
  /** The app's 大字 mode. */
  big: boolean
  /** The root class for a page: 'ty-fs', plus 'ty-fs--big' and 'ty-fs--large' when they apply. */
  className: string
  /** The root style for a page: '--ty-fs:<scale>'. */
  style: string
  /** Turns 大字 mode on or off and remembers it (this app's storage). */
  setBig: (big: boolean) => void
  toggleBig: () => void
  /** Reads WeChat's font setting and the stored 大字 mode again (the page shell does it on every page show). */
  refresh: () => void
}

const FontScaleContext = createContext<FontScale | null>(null)

interface Reading {
  weChatScale: number
  big: boolean
}

function readStoredBig(key: string): boolean {
  try {
    return parseStoredBig(Taro.getStorageSync(key))
  } catch {
    return false
  }
}

function readWeChatScale(): number {
  return resolveWeChatScale(readWeChatFontInfo(Taro as unknown as Parameters<typeof readWeChatFontInfo>[0]))
}

export interface FontScaleProviderProps {
  /** The app's short name ('market'): its 大字 mode is stored under ty:<app>:ui:bigText. */
  app: string
}

/**
 * Put once around the app (app.tsx). Reads WeChat's font setting and the stored 大字 mode
 * synchronously, so the first render already has the right size (no jump).
 */
export function FontScaleProvider({ app, children }: PropsWithChildren<FontScaleProviderProps>) {
  const key = bigTextKey(app)
  const [reading, setReading] = useState<Reading>(() => ({ weChatScale: readWeChatScale(), big: readStoredBig(key) }))
  // When storage refused the write (full), the choice lives in memory only: a refresh must not undo it.
  const unsaved = useRef(false)

  const setBig = useCallback(
    (big: boolean) => {
      try {
        Taro.setStorageSync(key, big)
        unsaved.current = false
      } catch {
        unsaved.current = true
      }
      setReading((r) => (r.big === big ? r : { ...r, big }))
    },
    [key],
  )

  const refresh = useCallback(() => {
    const weChatScale = readWeChatScale()
    setReading((r) => {
      const big = unsaved.current ? r.big : readStoredBig(key)
      return r.weChatScale === weChatScale && r.big === big ? r : { weChatScale, big }
    })
  }, [key])

  const value = useMemo<FontScale>(() => {
    const scale = combineScale(reading.weChatScale, reading.big)
    return {
      scale,
      weChatScale: reading.weChatScale,
      big: reading.big,
      className: fontScaleClass(scale, reading.big),
      style: fontScaleStyle(scale),
      setBig,
      toggleBig: () => setBig(!reading.big),
      refresh,
    }
  }, [reading, setBig, refresh])

  // On H5 the tab bar (and Taro's navigation bar) sit outside every page's root: the document
  // carries the scale too, so their labels follow it (styles in index.scss). WeChat draws its
  // own tab bar, whose font size a mini-program cannot change.
  useEffect(() => {
    if (process.env.TARO_ENV === 'weapp' || typeof document === 'undefined') return
    const root = document.documentElement
    root.style.setProperty('--ty-fs', String(value.scale))
    root.classList.toggle('ty-fs--big', reading.big)
  }, [value.scale, reading.big])

  return <FontScaleContext.Provider value={value}>{children}</FontScaleContext.Provider>
}

// Replaced by Taro's DefinePlugin at build time (undefined in the jsdom tests: the H5 path).
declare const process: { env: { TARO_ENV?: string } }

/** The current font scale and 大字 mode. Throws outside FontScaleProvider (a missing provider is a bug, not a default). */
export function useFontScale(): FontScale {
  const value = useContext(FontScaleContext)
  if (!value) throw new Error('useFontScale: wrap the app in <FontScaleProvider app="…"> (app.tsx)')
  return value
}
