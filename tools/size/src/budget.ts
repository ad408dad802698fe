import type { PackageSize } from './measure'

export interface BudgetFile {
  defaults: AppBudget
  apps: Record<string, Partial<AppBudget>>
}

export interface AppBudget {
  mainKB: number
  subpackageKB: number
  totalKB: number
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
