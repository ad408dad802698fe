import { e2eGlobals } from './global-setup'

export default async function globalTeardown(): Promise<void> {
  const g = e2eGlobals()
  if (!g) return
  await Promise.allSettled([g.browser.close(), g.preview.close()])
}
