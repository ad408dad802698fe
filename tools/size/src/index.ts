export { measureWeapp, type FileSize, type PackageSize } from './measure'
export { budgetFor, checkBudget, WECHAT_PACKAGE_LIMIT_KB, type AppBudget, type BudgetFile, type BudgetVerdict } from './budget'
export { formatKB, formatReport } from './report'
