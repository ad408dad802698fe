import path from 'node:path'

/** One mini-program's H5 build as the preview serves it, under `/<name>/`. */
export interface PreviewApp {
  /** URL segment and folder name under apps/, e.g. `market` (served at `/market/`). */
  name: string
  /** The app's name as people see it, in zh-CN. */
  title: string
  /** One line saying what the app is for, in zh-CN. */
  purpose: string
  /** Absolute path of the app's H5 build (the folder holding index.html). */
  dir: string
}

/** The four mini-programs, in the order the launcher shows them. */
export const APP_CATALOGUE: ReadonlyArray<Omit<PreviewApp, 'dir'>> = [
  { name: 'clinic', title: '乡村问诊', purpose: '不用进城排队，预约医生线上问诊和复诊' },
  { name: 'classroom', title: '田间课堂', purpose: '在家学种植、养殖和电商的网上课程' },
  { name: 'microloan', title: '惠农小贷', purpose: '买种子、化肥、农机时申请的小额贷款' },
  { name: 'market', title: '田园集市', purpose: '买卖自家种的、养的新鲜农产品' },
]

/** The repository root, seen from this file (tools/preview/src). */
export const repoRoot = path.resolve(__dirname, '..', '..', '..')

/** The four apps with their builds at `<root>/apps/<name>/dist/h5`. */
export function defaultApps(root: string = repoRoot): PreviewApp[] {
  return APP_CATALOGUE.map((app) => ({ ...app, dir: path.join(root, 'apps', app.name, 'dist', 'h5') }))
}

/** What the API answers besides /api: the local WeChat it mounts outside production, and its health checks. */
export const API_PREFIXES = ['/wechat-sandbox', '/healthz', '/readyz'] as const
