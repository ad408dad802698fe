/** What every benchmark hands back to the runner: all numbers measured in this run. */
export interface BenchContext {
  quick: boolean
  /** Repository root. */
  root: string
  /** Where this run's files go (bench/results/<timestamp>/). */
  runDir: string
  log(message: string): void
}

/** One bar group of a chart: e.g. an app, each bar a series (raw, gzip, budget…). */
export interface ChartGroup {
  label: string
  bars: { series: string; value: number }[]
}

export interface ChartSpec {
  title: string
  unit: string
  groups: ChartGroup[]
  /** Drawn as a dashed line (a budget). */
  limit?: { label: string; value: number }
}

/** A line of the report's headline table: a measurement against its same-run baseline. */
export interface Headline {
  metric: string
  value: number | null
  baseline: number | null
  unit: string
  /** What the baseline is, e.g. "original images". */
  baselineLabel: string
  /** Lower is better (bytes, ms) unless false (req/s, completed). */
  lowerIsBetter?: boolean
}

export interface BenchResult {
  name: string
  title: string
  ok: boolean
  /** Why it failed (ok false), or why part of it was skipped. */
  error?: string
  durationMs: number
  headlines: Headline[]
  charts: ChartSpec[]
  /** A Markdown table of the details (already formatted by the benchmark). */
  table?: { columns: string[]; rows: (string | number)[][] }
  notes: string[]
  data: unknown
}

export interface Benchmark {
  name: string
  title: string
  run(ctx: BenchContext): Promise<Omit<BenchResult, 'name' | 'title' | 'durationMs' | 'ok'> & { ok?: boolean }>
}

export interface RunMeta {
  startedAt: string
  finishedAt: string
  quick: boolean
  only: string[] | null
  node: string
  cpus: number
  cpuModel: string
  /** os.loadavg() at start and end: the machine is shared. */
  loadAverage: { start: number[]; end: number[] }
  gitCommit: string | null
}

export interface RunFile {
  meta: RunMeta
  results: BenchResult[]
}
