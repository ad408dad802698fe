import fs from 'node:fs'
import { e2eGlobals } from './global-setup'

export default async function globalTeardown(): Promise<void> {
  const g = e2eGlobals()
  if (!g) return
  await Promise.allSettled([g.browser.close(), g.preview.close()])
  await g.api.close()
  fs.rmSync(g.dataDir, { recursive: true, force: true })
}
