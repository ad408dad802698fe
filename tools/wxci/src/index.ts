export { checkMiniProgram, CI_VERSION, REFUSING_PROXY, STAGE_COMPILE_SETTING, type AppCheck, type CheckOptions, type PackageCount, type RuleVerdict } from './check'
export { formatCheck } from './report'
