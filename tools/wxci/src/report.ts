import type { AppCheck } from './check'

const bytes = (n: number) => `${n.toLocaleString('en')} B`

/** A plain-text report of one app: the compiler's verdict, the counts per package, each rule. */
export function formatCheck(check: AppCheck): string {
  const lines = [`${check.ok ? '✓' : '✗'} ${check.app} (appid ${check.appid}, ${(check.ms / 1000).toFixed(1)} s)`]
  lines.push(
    check.compile.ok
      ? `  ✓ WeChat's compiler accepts the build (${check.compile.files} files, ${(check.compile.ms / 1000).toFixed(1)} s)`
      : `  ✗ WeChat's compiler rejects the build: ${check.compile.error}`,
  )
  lines.push(`    ${'package'.padEnd(10)} ${'ours'.padStart(12)} ${'WeChat'.padStart(12)} ${'compiled'.padStart(12)}`)
  for (const p of check.packages) {
    lines.push(`    ${p.name.padEnd(10)} ${bytes(p.ours).padStart(12)} ${bytes(p.wechat).padStart(12)} ${(check.compile.ok ? bytes(p.compiled) : '—').padStart(12)}`)
    if (p.ours !== p.wechat) lines.push(`      ✗ ours and WeChat's differ by ${bytes(p.ours - p.wechat)}: compare tools/size's file list with analyseCode's`)
    if (p.notUploaded.length) lines.push(`      not uploaded, counted by neither: ${p.notUploaded.map((f) => `${f.path} (${bytes(f.bytes)})`).join(', ')}`)
  }
  for (const r of check.rules) lines.push(`  ${r.ok ? '✓' : '✗'} ${r.name}: ${r.text}${r.ok ? '' : failureDetail(r.detail)}`)
  // A note in parentheses is about the run (a retry), not a check left out.
  for (const n of check.notChecked) lines.push(n.startsWith('(') ? `  – ${n}` : `  – not checked: ${n}`)
  return lines.join('\n')
}

function failureDetail(detail: unknown): string {
  if (detail === undefined || detail === null) return ''
  const text = JSON.stringify(detail)
  return text === '[]' || text === '{}' ? '' : ` — ${text.length > 400 ? `${text.slice(0, 400)}…` : text}`
}
