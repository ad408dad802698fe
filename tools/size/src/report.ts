import type { BudgetVerdict } from './budget'
import type { PackageSize } from './measure'
import type { SdkBytes } from './sdk-bytes'

export const formatKB = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

/** A plain-text report: each package against its budget, then its largest files. */
export function formatReport(app: string, packages: PackageSize[], verdicts: BudgetVerdict[], topFiles = 5): string {
  const lines = [`${app}`]
  for (const pkg of packages) {
    const verdict = verdicts.find((v) => v.package === pkg.name)
    const mark = verdict?.ok === false ? '✗ OVER' : '✓'
    const share = verdict ? ` (${Math.round((pkg.raw / verdict.limit) * 100)}% of ${formatKB(verdict.limit)})` : ''
    lines.push(`  ${mark} ${pkg.name.padEnd(10)} ${formatKB(pkg.raw).padStart(10)} raw ${formatKB(pkg.gzip).padStart(9)} gzip${share}`)
    for (const file of pkg.files.slice(0, topFiles)) {
      lines.push(`      ${file.path.padEnd(32)} ${formatKB(file.raw).padStart(10)} ${formatKB(file.gzip).padStart(9)}`)
    }
  }
  const total = verdicts.find((v) => v.package === 'total')
  if (total) lines.push(`  ${total.ok ? '✓' : '✗ OVER'} total      ${formatKB(total.raw).padStart(10)} raw (budget ${formatKB(total.limit)})`)
  return lines.join('\n')
}

/** The SDK's bytes in the main package against its budget, and its largest modules there. */
export function formatSdkReport(sdk: SdkBytes, verdict: BudgetVerdict, topModules = 5): string {
  const budget = Number.isFinite(verdict.limit) ? ` of ${verdict.limit.toLocaleString('en')} B (${Math.round((verdict.raw / verdict.limit) * 100)}%)` : ' (no budget)'
  const lines = [`  ${verdict.ok ? '✓' : '✗ OVER'} SDK in main ${verdict.raw.toLocaleString('en')} B${budget}, ${sdk.modules.length} modules`]
  for (const m of sdk.modules.slice(0, topModules)) {
    const name = (m.names[0] ?? '').replace(/^.*packages\/sdk\/src\//, '').replace(/^.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '')
    lines.push(`      ${(name + (m.names.length > 1 ? ` +${m.names.length - 1}` : '')).padEnd(32)} ${`${m.bytes.toLocaleString('en')} B`.padStart(10)}  ${m.file}`)
  }
  for (const m of sdk.mixed) lines.push(`      note: module ${m.id} in ${m.file} (${m.bytes.toLocaleString('en')} B) mixes SDK and other code: ${Math.round(m.sdkShare * 100)}% counted, by source size`)
  return lines.join('\n')
}

/** One app's counts from tools/wxci's JSON: WeChat's own (miniprogram-ci's analyseCode) per package. */
export interface WechatCounts {
  app: string
  packages: { name: string; wechat: number; compiled: number }[]
}

/**
 * WeChat's count beside ours, per package. They should be equal: both count the files an upload
 * keeps, bytes on disk (terser's *.LICENSE.txt is in neither). "after WeChat's compression" is
 * what its compiler makes of the package with the project's settings (tools/wxci: JS left as
 * Taro minified it).
 */
export function formatWechatCounts(packages: PackageSize[], wechat: WechatCounts | undefined): string {
  if (!wechat) return "  – WeChat's count: not in tools/wxci's results for this app"
  const lines = ["  WeChat's count (miniprogram-ci analyseCode) beside ours:"]
  for (const pkg of packages) {
    const w = wechat.packages.find((p) => p.name === pkg.name)
    if (!w) {
      lines.push(`    ✗ ${pkg.name.padEnd(10)} not in WeChat's count`)
      continue
    }
    const same = w.wechat === pkg.raw
    const compiled = w.compiled ? `; ${w.compiled.toLocaleString('en')} B after WeChat's compression` : ''
    const verdict = same ? ' (same)' : ` (differ by ${(pkg.raw - w.wechat).toLocaleString('en')} B)`
    lines.push(`    ${same ? '✓' : '✗'} ${pkg.name.padEnd(10)} ours ${pkg.raw.toLocaleString('en')} B, WeChat ${w.wechat.toLocaleString('en')} B${verdict}${compiled}`)
  }
  return lines.join('\n')
}
