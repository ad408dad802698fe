import type { PropsWithChildren } from 'react'
import { NetImageProvider, SdkProvider } from '@tianyuan/sdk/react'
import { FontScaleProvider } from '@tianyuan/ui'
import { sdk } from './sdk'
import './app.scss'

function App({ children }: PropsWithChildren) {
  // WeChat's font size and this app's 大字 mode (PageShell applies them); one SDK for every
  // page (useQuery, usePay, LoginGate, OfflineBanner); one download queue for every photo,
  // following the request client's view of the network.
  return (
    <FontScaleProvider app='market'>
      <SdkProvider sdk={sdk}>
        <NetImageProvider baseUrl={API_BASE} network={sdk.api.network}>
          {children}
        </NetImageProvider>
      </SdkProvider>
    </FontScaleProvider>
  )
}

export default App
