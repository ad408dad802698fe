// The simulated phone for the clinic's suites: the harness's sandbox phone (requests to the real
// API, its WeChat sandbox for login and payment), logged in as a patient unless told otherwise.
import path from 'node:path'
import { launchWithSandbox, type LaunchOptions, type SimApp } from '@tianyuan/sim'
import type { ClinicApi } from './clinic-api'

/** The patient the phone logs in as by default: an older villager booking a follow-up. */
export const PATIENT_USER = '王大爷'

/** The compiled clinic the suites run (`node scripts/build.mjs weapp clinic`). */
export const CLINIC_DIST = path.resolve(__dirname, '../../dist/weapp')

export type ClinicLaunchOptions = Omit<LaunchOptions, 'dist'> & {
  /** Default CLINIC_DIST. */
  dist?: string
  /** The sandbox user wx.login logs in as: PATIENT_USER by default, a seeded doctor's name (张桂芳…) for the doctor's side. */
  user?: string
}

/** Launches the clinic against the API; `fetch` may wrap the forwarder (to drop answers). */
export function launchClinic(api: ClinicApi, options: ClinicLaunchOptions = {}): Promise<SimApp> {
  const { dist = CLINIC_DIST, user = PATIENT_USER, ...launch } = options
  return launchWithSandbox(api.url, { ...launch, dist, user })
}

/** Taps 微信一键登录 once the page's SignInGate offers it (it first reads the stored session). */
export async function signInOn(page: SimApp['page']): Promise<void> {
  await page.waitFor(() => page.has('#sign-in-button'))
  await page.tap('#sign-in-button')
}

/**
 * Signs in if the page asks, else goes on once `selector` shows. The simulator keeps the app's
 * modules (its signed-in SDK) across launches within one file, so a later test of a file finds
 * the villager signed in, unless it runs alone (`-t`).
 */
export async function signInIfAsked(page: SimApp['page'], selector: string): Promise<void> {
  await page.waitFor(() => page.has('#sign-in-button') || page.has(selector))
  if (page.has('#sign-in-button')) await page.tap('#sign-in-button')
}
