import type { ReactNode } from 'react'
import type { Sdk } from '@tianyuan/sdk'
import { NetImageProvider, SdkProvider } from '@tianyuan/sdk/react'
import { FontScaleProvider } from '../FontScaleProvider'
import { installH5Frame } from '../H5Frame'

// Before the router shows its first page (this module loads with app.tsx): the navigation bar,
// 页面不存在 and 页面没有打开 + 重试 of the H5 preview. Nothing on weapp (the branch is dropped).
if (process.env.TARO_ENV === 'h5') installH5Frame()

export interface AppProvidersProps {
  /** The app's name: 大字 mode is stored per app (the four H5 apps share one origin). */
  app: string
  /** The app's one SDK (src/sdk.ts). */
  sdk: Sdk
  /** Where photos are loaded from and uploaded to: the API origin (API_BASE, '' on H5). */
  mediaBaseUrl: string
  children?: ReactNode
}

/**
 * Everything an app's pages rely on, in the one order that works, for app.tsx: WeChat's font
 * size and the 大字 mode (PageShell applies them); the SDK for useQuery, usePay, SignInGate,
 * OfflineBanner; one photo download queue that follows the request client's view of the network.
 */
export function AppProviders({ app, sdk, mediaBaseUrl, children }: AppProvidersProps) {
  return (
    <FontScaleProvider app={app}>
      <SdkProvider sdk={sdk}>
        <NetImageProvider baseUrl={mediaBaseUrl} network={sdk.api.network}>
          {children}
        </NetImageProvider>
      </SdkProvider>
    </FontScaleProvider>
  )
}
