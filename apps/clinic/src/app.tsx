import type { PropsWithChildren } from 'react'
import { FontScaleProvider } from '@tianyuan/ui'
import './app.scss'

function App({ children }: PropsWithChildren) {
  // WeChat's font size and this app's 大字 mode, for every page (PageShell applies them).
  return <FontScaleProvider app='clinic'>{children}</FontScaleProvider>
}

export default App
