// What globalSetup hands to the test workers (through the environment, which they inherit).
import path from 'node:path'

export const ENV_URL = 'TIANYUAN_E2E_URL'
export const ENV_WS = 'TIANYUAN_E2E_WS'

export const repoRoot = path.resolve(__dirname, '..', '..', '..')
export const resultsDir = path.join(repoRoot, 'test-results', 'e2e')

export function e2eEnv(): { baseUrl: string; wsEndpoint: string } {
  const baseUrl = process.env[ENV_URL]
  const wsEndpoint = process.env[ENV_WS]
  if (!baseUrl || !wsEndpoint) {
    throw new Error(`${ENV_URL}/${ENV_WS} are not set: run the browser tests through Jest's e2e project (node scripts/pnpm.mjs exec jest --selectProjects e2e), whose globalSetup starts the preview and Chromium`)
  }
  return { baseUrl, wsEndpoint }
}
