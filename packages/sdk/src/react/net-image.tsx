import { Image, Text, View, type ITouchEvent } from '@tarojs/components'
import { createContext, useContext, useEffect, useMemo, useReducer, useRef, useState, type CSSProperties, type ReactNode } from 'react'
import { createDownloadQueue, type DownloadQueue } from '../image/download-queue'
import { initialNetImageState, MAX_RETRIES, netImageReducer } from '../image/net-image-state'
import { thumbHashPlaceholder } from '../image/placeholder'
import { chooseImageVariant, formatKb, IMAGE_POLICY, type ImageVariant } from '../image/variant'
import { createNetworkMonitor, type NetworkMonitor } from '../network/network-monitor'
import { defaultPlatform } from '../platform/default'
import { imagePolicyOff } from '../platform/h5'
import type { Platform, SystemInfo } from '../platform/types'
import { useNetwork } from './use-network'

export interface NetImageConfig {
  /** The API's origin: variant URLs are `${baseUrl}/api/media/:id?…`. '' for same-origin H5. */
  baseUrl: string
  platform: Platform
  network: NetworkMonitor
  /** Shared by every NetImage under the provider: one bound on concurrent downloads. */
  queue: DownloadQueue
  /** The user's data-saver switch: smallest variants, and a tap before each image. */
  saveData: boolean
  systemInfo: SystemInfo
}

/** Exported for use-media-base-url.ts only (not from the package). */
export const ImageConfig = createContext<NetImageConfig | undefined>(undefined)

function makeConfig(baseUrl: string, platform: Platform, network: NetworkMonitor, saveData: boolean, queue: DownloadQueue): NetImageConfig {
  return { baseUrl, platform, network, queue, saveData, systemInfo: platform.getSystemInfo() }
}

let fallback: NetImageConfig | undefined
/** Without a provider: Taro, same-origin URLs (H5 only; weapp needs the provider's baseUrl). */
function fallbackConfig(): NetImageConfig {
  if (!fallback) {
    const network = createNetworkMonitor(defaultPlatform)
    const queue = createDownloadQueue({ link: network.link })
    network.subscribe((_state, link) => queue.setLink(link))
    fallback = makeConfig('', defaultPlatform, network, false, queue)
  }
  return fallback
}

export interface NetImageProviderProps {
  baseUrl: string
  /** Share the request client's (`api.network`); one is made from the platform otherwise. */
  network?: NetworkMonitor
  platform?: Platform
  saveData?: boolean
  children?: ReactNode
}

/** Put once around the app (app.tsx): where images come from and one download queue for all. */
export function NetImageProvider({ baseUrl, network, platform = defaultPlatform, saveData = false, children }: NetImageProviderProps) {
  const monitor = useMemo(() => network ?? createNetworkMonitor(platform), [network, platform])
  const queue = useMemo(() => createDownloadQueue({ link: monitor.link }), [monitor])
  useEffect(() => {
    queue.setLink(monitor.link)
    const stop = monitor.subscribe((_state, link) => queue.setLink(link))
    return () => {
      stop()
      // A monitor made here is ours to stop.
      if (monitor !== network) monitor.dispose()
    }
  }, [monitor, network, queue])
  const config = useMemo(() => makeConfig(baseUrl, platform, monitor, saveData, queue), [baseUrl, platform, monitor, saveData, queue])
  return <ImageConfig.Provider value={config}>{children}</ImageConfig.Provider>
}

export interface NetImageProps {
  /** The API's media metadata (MediaMeta fits): the box keeps its aspect ratio from the first frame. */
  media: { id: string; width: number; height: number; thumbhash?: string }
  /** Shown width in px. */
  width: number
  /** Crop to this width/height (the photo fills it); the photo's own by default. */
  aspectRatio?: number
  /** Lower loads sooner (default 1; a tapped image goes at 0). */
  priority?: number
  /** false: load at once, without watching the viewport. */
  lazy?: boolean
  /** The page or CustomWrapper instance the node lives in (the current page by default). */
  scope?: unknown
  className?: string
  style?: CSSProperties
  onClick?: (event: ITouchEvent) => void
  /**
   * What the photo shows, for screen readers ('苹果的照片'); leave it out only where the text
   * beside the photo already says it (then the photo is skipped as decoration).
   */
  alt?: string
}

/**
 * A photo's text alternative on each platform: WeChat reads aria-label on its image; on H5
 * Taro's Image renders an <img> inside its own element, reached through nativeProps. An empty
 * alt marks a decoration (the ThumbHash placeholder, a photo the text beside it names).
 */
function imageAlt(alt: string | undefined): Record<string, unknown> {
  if (process.env.TARO_ENV === 'weapp') return alt ? { 'aria-role': 'img', 'aria-label': alt } : { 'aria-hidden': 'true' }
  return { nativeProps: { alt: alt ?? '' } }
}

let ids = 0
const FILL: CSSProperties = { position: 'absolute', left: 0, top: 0, width: '100%', height: '100%' }
const OVERLAY: CSSProperties = { ...FILL, display: 'flex', alignItems: 'center', justifyContent: 'center', backgroundColor: 'rgba(0,0,0,0.35)' }
const LABEL: CSSProperties = { color: '#fff', fontSize: '15px', padding: '0 8px', textAlign: 'center' }

/**
 * A photo from the media API, sized for the screen and the link (see pickImageVariant):
 * its ThumbHash at once, the image when it comes into view, through the shared download
 * queue, a smaller variant after an error, and on 2G or with the data saver a tap first.
 */
function PolicyNetImage({ media, width, aspectRatio, priority = 1, lazy = true, scope, className, style, onClick, alt }: NetImageProps) {
  const config = useContext(ImageConfig) ?? fallbackConfig()
  const { platform, queue, systemInfo } = config
  const { link } = useNetwork(config.network)
  const needsTap = config.saveData || IMAGE_POLICY[link].tapToLoad
  const [id] = useState(() => `ty-img-${++ids}`)
  const [state, dispatch] = useReducer(netImageReducer, needsTap, initialNetImageState)
  const [variant, setVariant] = useState<ImageVariant>()
  // Read when a slot comes, so the variant fits the link of that moment.
  const latest = useRef({ config, link, media, width })
  useEffect(() => {
    latest.current = { config, link, media, width }
  })

  useEffect(() => dispatch({ type: 'policy', needsTap }), [needsTap])

  useEffect(() => {
    if (!lazy) return dispatch({ type: 'visible' })
    const margin = IMAGE_POLICY[latest.current.link].preloadScreens * systemInfo.windowHeight
    let watcher: ReturnType<Platform['createIntersectionWatcher']> | undefined
    try {
      watcher = platform.createIntersectionWatcher(scope)
      watcher.observe(`#${id}`, { top: margin, bottom: margin }, (entry) => dispatch({ type: entry.intersectionRatio > 0 ? 'visible' : 'hidden' }))
    } catch {
      dispatch({ type: 'visible' }) // no watcher on this host: load now rather than never
    }
    return () => watcher?.disconnect()
  }, [platform, id, lazy, scope, systemInfo])

  const wantsSlot = state.phase === 'queued' || state.phase === 'loading'
  const { attempt, tapped } = state
  useEffect(() => {
    if (!wantsSlot) return
    // The cleanup gives the slot back: loaded, failed, scrolled away, unmounted, or a retry.
    return queue.add(
      () => {
        const { config: c, link: l, media: m, width: w } = latest.current
        // Each retry one width smaller; the last one as JPEG, in case WebP was the trouble.
        const webp = c.systemInfo.webp && attempt < MAX_RETRIES
        setVariant(chooseImageVariant({ media: m, displayWidth: w, dpr: c.systemInfo.pixelRatio, link: l, saveData: c.saveData, supportsWebp: webp, smaller: attempt }))
        dispatch({ type: 'granted' })
      },
      tapped ? 0 : priority,
    )
  }, [wantsSlot, attempt, tapped, priority, queue])

  const colorOnly = link === 'very-slow'
  const placeholder = useMemo(() => thumbHashPlaceholder(media.thumbhash, colorOnly), [media.thumbhash, colorOnly])
  const ratio = aspectRatio ?? (media.width > 0 && media.height > 0 ? media.width / media.height : (placeholder?.aspectRatio ?? 4 / 3))
  const { phase } = state
  let label: string | undefined
  if (phase === 'failed') label = '图片没加载出来，点一下重试'
  else if (phase === 'tap') {
    const { estimatedBytes } = chooseImageVariant({ media, displayWidth: width, dpr: systemInfo.pixelRatio, link, saveData: config.saveData, supportsWebp: systemInfo.webp })
    label = `点击加载图片（${formatKb(estimatedBytes)}）`
  }

  return (
    <View
      id={id}
      className={className}
      style={{ position: 'relative', overflow: 'hidden', width: `${width}px`, height: `${Math.round(width / ratio)}px`, backgroundColor: placeholder?.color ?? '#e8e8e8', ...style }}
      // While it waits for a tap the box is a button: its words say what a tap does.
      {...(label ? (process.env.TARO_ENV === 'weapp' ? { 'aria-role': 'button', 'aria-label': alt ? `${label}：${alt}` : label } : { role: 'button', tabIndex: 0, 'aria-label': alt ? `${label}：${alt}` : label }) : {})}
      onClick={(event) => {
        if (!label) return onClick?.(event)
        event.stopPropagation() // a tap that loads the photo is not a tap on the card around it
        dispatch({ type: 'tap' })
      }}
    >
      {placeholder?.dataUrl && phase !== 'loaded' ? <Image src={placeholder.dataUrl} mode='scaleToFill' style={FILL} {...imageAlt(undefined)} /> : null}
      {variant && (phase === 'loading' || phase === 'loaded') ? (
        <Image
          id={`${id}-photo`}
          src={config.baseUrl.replace(/\/+$/, '') + variant.url}
          webp
          mode='aspectFill'
          style={FILL}
          onLoad={() => dispatch({ type: 'load' })}
          onError={() => dispatch({ type: 'error' })}
          {...imageAlt(alt)}
        />
      ) : null}
      {label ? (
        <View style={OVERLAY}>
          <Text style={LABEL}>{label}</Text>
        </View>
      ) : null}
    </View>
  )
}

// Replaced by Taro's DefinePlugin at build time (undefined in tests).
declare const process: { env: { TARO_ENV?: string } }

/**
 * The same photo with the image policy off (H5 only; see NetImage): a plain image of
 * `/api/media/:id` — the API's default variant, what an app that shows the URL as it is gets —
 * loaded at once (no lazy loading, no download queue, no tap on 2G), with no placeholder. The box
 * keeps its size, so the page lays out as it does with the policy on.
 */
export function PlainNetImage({ media, width, aspectRatio, className, style, onClick, alt }: NetImageProps) {
  const baseUrl = (useContext(ImageConfig)?.baseUrl ?? '').replace(/\/+$/, '')
  const ratio = aspectRatio ?? (media.width > 0 && media.height > 0 ? media.width / media.height : 4 / 3)
  return (
    <View className={className} style={{ position: 'relative', overflow: 'hidden', width: `${width}px`, height: `${Math.round(width / ratio)}px`, ...style }} onClick={onClick}>
      <Image src={`${baseUrl}/api/media/${encodeURIComponent(media.id)}`} mode='aspectFill' style={FILL} {...imageAlt(alt)} />
    </View>
  )
}

/**
 * NetImage, or — on H5 when the page was opened with `?imagePolicy=off` — PlainNetImage: the
 * baseline tools/bench loads each home page with, beside the real thing, to measure what the
 * policy saves. Decided once, when the app loads. Taro replaces TARO_ENV at build time, so a weapp
 * bundle keeps only PolicyNetImage (the H5 branch and PlainNetImage are dropped as dead code).
 */
export const NetImage: typeof PolicyNetImage = process.env.TARO_ENV === 'h5' && imagePolicyOff() ? PlainNetImage : PolicyNetImage
