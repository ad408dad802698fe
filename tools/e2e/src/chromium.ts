// Debian's Chromium, driven by playwright-core (its own browser downloads are unreachable here).
import fs from 'node:fs'

export const DEFAULT_CHROMIUM = '/usr/bin/chromium'

/**
 * Flags that work as root on these machines. The background-networking ones stop Chromium
 * calling outside hosts; QUIC is off so CDP throttling sees every request (it models TCP).
 * Playwright adds a fresh temporary `--user-data-dir` itself on every launch.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

/** The Chromium to use: `CHROMIUM_PATH`, else /usr/bin/chromium. Throws, saying how to install it, when missing. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const file = env.CHROMIUM_PATH || DEFAULT_CHROMIUM
  try {
    fs.accessSync(file, fs.constants.X_OK)
  } catch {
    throw new Error(
      `Chromium not found at ${file}. The browser tests need it: install it with \`apt-get install chromium\` ` +
        '(Debian/Ubuntu), or point CHROMIUM_PATH at a Chromium or Chrome binary.',
    )
  }
  return file
}
