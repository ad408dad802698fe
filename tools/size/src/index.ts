export { measureWeapp, WECHAT_UPLOADED_EXTENSIONS, type FileSize, type PackageSize } from './measure'
export { budgetFor, checkBudget, checkSdkBudget, SDK_IN_MAIN, WECHAT_PACKAGE_LIMIT_KB, type AppBudget, type BudgetFile, type BudgetVerdict } from './budget'
export { formatKB, formatReport } from './report'
export { isSdkModule, moduleTable, readWeappStats, sdkBytesIn, type SdkBytes, type SdkModuleBytes, type WebpackStats } from './sdk-bytes'
