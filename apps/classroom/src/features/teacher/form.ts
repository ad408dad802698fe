// What a teacher types, turned into what the API takes, and what an upload says. Pure (no Taro):
// unit-tested in form.test.ts.
import { sizeWords } from '@tianyuan/contracts/classroom-rules'

/**
 * '9.9' / '9.90' / '0' (元, as a teacher types it) → 990 fen, without floating point; undefined
 * when it is not a price with at most two decimals.
 */
export function yuanToFen(text: string): number | undefined {
  const match = /^(\d{1,6})(?:\.(\d{1,2}))?$/.exec(text.trim())
  if (!match) return undefined
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}

/** 990 → '9.90' for an input's starting value. */
export function fenToYuanText(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
}

/**
 * A 图文 lesson's text as the teacher typed it → its paragraphs: split at line breaks, blank lines
 * and surrounding spaces dropped (the reader's screen wraps the lines itself).
 */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
}

/** How far an upload is, in words: `已上传 3.2 MB / 12.0 MB（27%）`; resuming says it goes on from where it stopped. */
export function uploadProgressWords(p: { phase: 'creating' | 'resuming' | 'uploading' | 'done'; confirmedBytes: number; totalBytes: number }): string {
  if (p.phase === 'creating') return '正在准备上传…'
  if (p.phase === 'done') return `上传完了（${sizeWords(p.totalBytes)}）`
  const percent = p.totalBytes > 0 ? Math.floor((p.confirmedBytes * 100) / p.totalBytes) : 0
  const words = `已上传 ${sizeWords(p.confirmedBytes)} / ${sizeWords(p.totalBytes)}（${percent}%）`
  return p.phase === 'resuming' ? `接着上次的进度上传：${words}` : words
}
