import type { BudgetVerdict } from './budget'
import type { PackageSize } from './measure'

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
