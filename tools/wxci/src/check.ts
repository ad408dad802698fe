// WeChat's own checks of one compiled mini-program (a dist/weapp folder), through miniprogram-ci:
// its compiler (getCompiledResult), its per-package count (analyseCode) and DevTools' 代码质量
// panel (checkCodeQuality). Offline by construction: see offline() and README.md.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import * as ci from 'miniprogram-ci'
import { measureWeapp, WECHAT_UPLOADED_EXTENSIONS } from '@tianyuan/size'

/** What a finished check says about one app. */
export interface AppCheck {
  /** A label: the app's name or the folder checked. */
  app: string
  dir: string
  appid: string
  compile: { ok: boolean; ms: number; files: number; error?: string }
  /** Per package (main first): our count (tools/size), WeChat's (analyseCode) and after WeChat's compiler. */
  packages: PackageCount[]
  rules: RuleVerdict[]
  /** What could not be checked offline, or not by miniprogram-ci at all: printed, never silent. */
  notChecked: string[]
  /** tools/size's count equals WeChat's for every package. */
  countsAgree: boolean
  ok: boolean
  ms: number
}

export interface PackageCount {
  /** 'main' or a subpackage root without its slash, as tools/size names them. */
  name: string
  ours: number
  wechat: number
  compiled: number
  /** Files in the folder that neither count (WeChat uploads only some extensions), with their bytes. */
  notUploaded: { path: string; bytes: number }[]
}

export interface RuleVerdict {
  /** WeChat's rule name, e.g. JS_COMPRESS_OPEN. */
  name: string
  ok: boolean
  /** WeChat's own words (zh-CN): what the rule asks for. */
  text: string
  detail?: unknown
}

/** The account settings a custom `attr` gives WeChat's code instead of asking WeChat's servers. */
const ACCOUNT_ATTR = {
  platform: false,
  appType: 0,
  isSandbox: false,
  released: false,
  setting: {
    MaxCodeSize: 2,
    MaxSubpackageSubCodeSize: 2,
    MaxSubpackageFullCodeSize: 30,
    NavigateMiniprogramLimit: 10,
    MaxSubPackageLimit: 100,
    MinTabbarCount: 2,
    MaxTabbarCount: 5,
    MaxTabbarIconSize: 40,
    MaxCustomTabbarCount: 5,
  },
}

/**
 * Every request miniprogram-ci makes goes through this proxy: nothing listens on port 9 of the
 * loopback, so each request fails at once instead of waiting on a WeChat server that CI cannot
 * reach (its HTTP client has no timeout). Only the upload-extension list is asked for in these
 * checks; WeChat's built-in copy of it is used instead (said in notChecked).
 */
export const REFUSING_PROXY = 'http://127.0.0.1:9'

/**
 * One step must not hang or crash the stage: miniprogram-ci forks a compiler process, has no
 * timeouts of its own, and rejects some internal promises nobody awaits (e.g. "fork process
 * timeout" when its compiler process takes over 20 s to start on a busy machine), which would end
 * the whole process. A rejection matching `failOnStray` fails the step instead, with its message
 * (the compile never settles after it); others are only said (the handler below).
 */
function within<T>(ms: number, what: string, work: Promise<T>, { failOnStray }: { failOnStray?: RegExp } = {}): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  let onStray: ((e: unknown) => void) | undefined
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms / 1000} s`)), ms)
    if (!failOnStray) return
    onStray = (e) => {
      if (failOnStray.test(errorText(e))) reject(new Error(`${what}: ${errorText(e)}`))
    }
    process.on('unhandledRejection', onStray)
  })
  return Promise.race([work, guard]).finally(() => {
    clearTimeout(timer)
    if (onStray) process.off('unhandledRejection', onStray)
  })
}

// Outside the compile step (e.g. the remains of a compile attempt abandoned after a slow start),
// such a rejection is said on stderr and does not end the process. Not console.error: the quality
// step reads that.
process.on('unhandledRejection', (e) => {
  process.stderr.write(`(miniprogram-ci left a rejection unhandled: ${errorText(e)})\n`)
})

/** WeChat's compiler process did not start in time: the machine was busy, not the build wrong. */
const SLOW_START = /fork process timeout/

interface QualityRuleOption {
  name?: string
  enabled?: boolean
  desc?: string
  limit?: number
}

/** WeChat's zh-CN words for a rule, its limit filled in (the panel's own `%s`). */
const ruleWords = (option: QualityRuleOption) => (option.desc ?? '').replace(/\s*%s/, option.limit === undefined ? '' : ` ${option.limit}`)

/** The rules DevTools' panel lists (miniprogram-ci's own copy), to name those it does not run. */
function listedRules(): QualityRuleOption[] {
  // Not in the package's types: the list is data inside its dist folder.
  const options = load('miniprogram-ci/dist/ci/utils/qualitycheckoption') as { default: { checkList: QualityRuleOption[] } }
  return options.default.checkList.filter((r) => r.enabled)
}

const subpackageOf = (roots: string[], file: string) => roots.find((r) => file.startsWith(`${r}/`)) ?? 'main'

/** Loads files of miniprogram-ci that its types do not describe. */
const load = createRequire(__filename)

/** miniprogram-ci's version, as installed (the catalog pins it). */
export const CI_VERSION = (load('miniprogram-ci/package.json') as { version: string }).version

export interface CheckOptions {
  /** Per step (compile, analyse, quality); default 120 s. */
  stepTimeoutMs?: number
  /** Passed to WeChat's compiler as `setting` (defaults: the project's own settings, JS left as Taro minified it). */
  compileSetting?: Record<string, unknown>
}

/**
 * WeChat's compile settings for the check: the project's own (project.config.json: WXML and WXSS
 * compression as an upload does them), except WeChat's JS minifier. Taro's production build already
 * minifies every JS file with terser; WeChat's second pass saves ≈1 % (3.6 KB of market's 330 KB of
 * JS) and takes ≈45 s per app on 2 cores, so the stage leaves it to the upload (`minified` stays on
 * in project.config.json, which is what JS_COMPRESS_OPEN checks).
 */
export const STAGE_COMPILE_SETTING = { useProjectConfig: true, minifyJS: false }

export async function checkMiniProgram(dir: string, app = path.basename(dir), options: CheckOptions = {}): Promise<AppCheck> {
  const t0 = Date.now()
  const step = options.stepTimeoutMs ?? 120_000
  const projectConfig = JSON.parse(fs.readFileSync(path.join(dir, 'project.config.json'), 'utf8')) as { appid?: string }
  const appid = projectConfig.appid || 'touristappid'
  const notChecked: string[] = []

  ci.proxy(REFUSING_PROXY)
  // `attr` is not in ICreateProjectOptions' types, but CIProject calls it when given (and asks
  // WeChat's servers for the account's settings, signed with the upload key, when not).
  const projectOptions: ConstructorParameters<typeof ci.Project>[0] & { attr: () => Promise<typeof ACCOUNT_ATTR> } = {
    appid,
    type: 'miniProgram',
    projectPath: dir,
    // Required non-empty; only an upload or preview would sign with it. No key exists or is needed.
    privateKey: 'no upload key: offline checks only',
    attr: async () => ACCOUNT_ATTR,
  }
  const project = new ci.Project(projectOptions)

  // 1. WeChat's compiler, as an upload runs it.
  const compile: AppCheck['compile'] = { ok: false, ms: 0, files: 0 }
  let compiled: Record<string, string | Buffer> = {}
  const tc = Date.now()
  for (let attempt = 1; attempt <= 3 && !compile.ok; attempt++) {
    try {
      compiled = await within(step, 'WeChat compiler', ci.getCompiledResult({ project, version: '0.0.0', setting: options.compileSetting ?? STAGE_COMPILE_SETTING }), { failOnStray: SLOW_START })
      compile.ok = true
      compile.files = Object.keys(compiled).length
      delete compile.error
    } catch (e) {
      compile.error = errorText(e)
      if (!SLOW_START.test(compile.error)) break
      notChecked.push(`(WeChat's compiler process was slow to start, attempt ${attempt}: ${compile.error})`)
    }
  }
  compile.ms = Date.now() - tc
  notChecked.push("upload-extension list: WeChat's servers not asked (offline); miniprogram-ci's built-in list used")

  // 2. WeChat's count per package beside ours.
  const ours = measureWeapp(dir)
  const roots = ours.filter((p) => p.name !== 'main').map((p) => p.name)
  const analysis = await within(step, 'analyseCode', ci.analyseCode(project, { silent: true }))
  const wechat = new Map<string, number>()
  for (const file of analysis?.files ?? []) {
    const name = file.subPackage ? file.subPackage.replace(/\/$/, '') : 'main'
    wechat.set(name, (wechat.get(name) ?? 0) + file.size)
  }
  const compiledBytes = new Map<string, number>()
  for (const [file, body] of Object.entries(compiled)) {
    const name = subpackageOf(roots, file)
    compiledBytes.set(name, (compiledBytes.get(name) ?? 0) + Buffer.byteLength(body))
  }
  // The extensions an upload keeps (asked of WeChat's servers; the refused request falls back to
  // miniprogram-ci's built-in list, which its compiler used above too). tools/size keeps its own
  // copy of that list: say so when they part.
  const uploaded = (await ci.getWhiteExtList()).MiniProgramWhiteList
  const drift = [...uploaded].filter((ext) => !WECHAT_UPLOADED_EXTENSIONS.has(ext)).concat([...WECHAT_UPLOADED_EXTENSIONS].filter((ext) => !uploaded.has(ext)))
  if (drift.length) notChecked.push(`tools/size's list of uploaded extensions differs from miniprogram-ci's in ${drift.join(' ')}: update measure.ts`)
  const packages = ours.map((pkg) => ({
    name: pkg.name,
    ours: pkg.raw,
    wechat: wechat.get(pkg.name) ?? 0,
    compiled: compiledBytes.get(pkg.name) ?? 0,
    notUploaded: (pkg.notUploaded ?? []).map((f) => ({ path: f.path, bytes: f.raw })),
  }))

  // 3. DevTools' 代码质量 panel. miniprogram-ci counts a rule whose check throws as passed (and
  // only logs the error): catch what it logs so such a rule fails here instead.
  const thrown: string[] = []
  const consoleError = console.error
  console.error = (...args: unknown[]) => {
    thrown.push(args.map(errorText).join(' '))
  }
  let results: Awaited<ReturnType<typeof ci.checkCodeQuality>>
  try {
    results = await within(step, 'checkCodeQuality', ci.checkCodeQuality(project))
  } finally {
    console.error = consoleError
  }
  const listed = listedRules()
  const rules: RuleVerdict[] = results.map((r) => {
    const option = listed.find((o) => o.name === r.name)
    // A verdict other than `true` (missing or false) is a failure.
    return { name: r.name ?? 'UNNAMED_RULE', ok: r.success === true, text: option ? ruleWords(option) : (r.text ?? ''), detail: r.detail as unknown }
  })
  if (thrown.length) rules.push({ name: 'CHECK_THREW', ok: false, text: `a code-quality check threw (miniprogram-ci would count it as passed): ${thrown.join('; ')}` })
  for (const option of listed) {
    if (!rules.some((r) => r.name === option.name)) notChecked.push(`rule ${option.name} (${ruleWords(option)}): listed by DevTools' panel, not run by miniprogram-ci ${CI_VERSION}`)
  }

  // Our budget counts what WeChat counts: a difference means tools/size measures the wrong thing.
  const countsAgree = packages.every((p) => p.ours === p.wechat)
  return { app, dir, appid, compile, packages, rules, notChecked, countsAgree, ok: compile.ok && countsAgree && rules.every((r) => r.ok), ms: Date.now() - t0 }
}

function errorText(e: unknown): string {
  // WeChat's compiler rejects with { message: '2:1:unexpected end', code: 10038, path: 'pages/…/index.wxml' }
  // (not an Error): name the file and the code, or the message alone says nothing actionable.
  if (e && typeof e === 'object' && 'path' in e && 'message' in e && typeof e.path === 'string') {
    const code = 'code' in e && e.code !== undefined ? ` (code ${String(e.code)})` : ''
    return `${e.path}:${String(e.message)}${code}`
  }
  if (e instanceof Error) return e.message
  if (typeof e === 'string') return e
  try {
    return JSON.stringify(e)
  } catch {
    return String(e)
  }
}
