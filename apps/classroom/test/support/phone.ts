// The simulated phone for the classroom's suites: the harness's sandbox phone (requests to the real
// API, its WeChat sandbox for login and payment), logged in as a learner.
import path from 'node:path'
import { launchWithSandbox, type LaunchOptions, type SimApp } from '@tianyuan/sim'
import type { ClassroomApi } from './classroom-api'

export const LEARNER_USER = '李大姐'
export const DIST = path.resolve(__dirname, '../../dist/weapp')

/**
 * Launches the app against the API as the learner (or `user`: TEACHER_USER for the workbench);
 * `fetch` may wrap the forwarder (to drop answers or cut the link).
 */
export function launchClassroom(api: ClassroomApi, options: Partial<LaunchOptions> & { user?: string } = {}): Promise<SimApp> {
  return launchWithSandbox(api.url, { user: LEARNER_USER, dist: DIST, ...options })
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
