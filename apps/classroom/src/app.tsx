import type { PropsWithChildren } from 'react'
import { AppProviders } from '@tianyuan/ui'
import { sdk } from './sdk'
import '@tianyuan/ui/src/styles/blocks.scss'
import './app.scss'

// WeChat's font size and 大字 mode, the one SDK and the one photo queue for every page.
function App({ children }: PropsWithChildren) {
  return (
    <AppProviders app='classroom' sdk={sdk} mediaBaseUrl={API_BASE}>
      {children}
    </AppProviders>
  )
}

export default App
