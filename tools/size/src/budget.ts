import type { PackageSize } from './measure'

export interface BudgetFile {
  defaults: AppBudget
  apps: Record<string, Partial<AppBudget>>
}

export interface AppBudget {
  mainKB: number
  subpackageKB: number
  totalKB: number
  /**
   * The SDK's bytes in this app's main package (exact, see sdk-bytes.ts), in KB of 1024 B;
   * fractions allowed. What the app ships, not the whole SDK: code only subpackages use is not
   * counted, because it is not in the main package.
   */
  sdkMainKB?: number
}

/** WeChat refuses a package over 2 MB, whatever our budget says. */
export const WECHAT_PACKAGE_LIMIT_KB = 2048

export interface BudgetVerdict {
  package: string
  raw: number
  limit: number
  ok: boolean
}

export function budgetFor(budgets: BudgetFile, app: string): AppBudget {
  return { ...budgets.defaults, ...budgets.apps[app] }
}

/** The verdict's name for the SDK's share of the main package. */
export const SDK_IN_MAIN = 'sdk in main'

/** The SDK's bytes in the main package against `sdkMainKB` (always ok when the app has none). */
export function checkSdkBudget(sdkBytes: number, budget: AppBudget): BudgetVerdict {
  const limit = budget.sdkMainKB === undefined ? Infinity : Math.floor(budget.sdkMainKB * 1024)
  return { package: SDK_IN_MAIN, raw: sdkBytes, limit, ok: sdkBytes <= limit }
}

/** One verdict per package, plus one for the app's total. */
export function checkBudget(packages: PackageSize[], budget: AppBudget): BudgetVerdict[] {
  const kb = (n: number) => n * 1024
  const verdicts = packages.map((pkg) => {
    const limit = kb(Math.min(pkg.name === 'main' ? budget.mainKB : budget.subpackageKB, WECHAT_PACKAGE_LIMIT_KB))
    return { package: pkg.name, raw: pkg.raw, limit, ok: pkg.raw <= limit }
  })
  const total = packages.reduce((sum, p) => sum + p.raw, 0)
  verdicts.push({ package: 'total', raw: total, limit: kb(budget.totalKB), ok: total <= kb(budget.totalKB) })
  return verdicts
}
