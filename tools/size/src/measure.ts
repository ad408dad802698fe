import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

export interface FileSize {
  /** Path inside dist/weapp, with forward slashes. */
  path: string
  raw: number
  gzip: number
}

export interface PackageSize {
  /** 'main' or the subpackage root, e.g. 'pkg'. */
  name: string
  raw: number
  gzip: number
  /** Largest first. */
  files: FileSize[]
  /** Files in the folder that WeChat does not upload (not counted), e.g. terser's *.LICENSE.txt. */
  notUploaded?: FileSize[]
}

/**
 * The extensions WeChat uploads in a mini-program package: miniprogram-ci's built-in list (its
 * `MiniProgramWhiteList`, 2.1.42), which its compiler and analyseCode use. Anything else in
 * dist/weapp (terser's `*.LICENSE.txt`) is left out of the package, so it is not counted:
 * tools/wxci compares this count with WeChat's own, package by package.
 */
export const WECHAT_UPLOADED_EXTENSIONS = new Set(['.wxml', '.wxss', '.wxs', '.png', '.jpg', '.jpeg', '.gif', '.svg', '.js', '.json', '.cer', '.mp3', '.aac', '.m4a', '.mp4', '.wav', '.ogg', '.silk', '.wasm', '.br', '.cur', '.ico', '.skel', '.crt', '.cert'])

interface AppJson {
  subPackages?: { root: string }[]
  subpackages?: { root: string }[]
}

function listFiles(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? listFiles(full, base) : [path.relative(base, full).split(path.sep).join('/')]
  })
}

/**
 * Splits a compiled mini-program (dist/weapp) into its main package and subpackages, as
 * WeChat does when it uploads: a file belongs to the subpackage whose root holds it,
 * everything else to the main package; files WeChat does not upload are not counted.
 */
export function measureWeapp(distDir: string): PackageSize[] {
  const appJsonPath = path.join(distDir, 'app.json')
  if (!fs.existsSync(appJsonPath)) throw new Error(`${appJsonPath} not found: build the app for weapp first`)
  const appJson = JSON.parse(fs.readFileSync(appJsonPath, 'utf8')) as AppJson
  const roots = (appJson.subPackages ?? appJson.subpackages ?? []).map((s) => s.root.replace(/\/?$/, '/'))
  const packages = new Map<string, PackageSize>([['main', { name: 'main', raw: 0, gzip: 0, files: [] }]])
  for (const root of roots) packages.set(root.slice(0, -1), { name: root.slice(0, -1), raw: 0, gzip: 0, files: [] })

  for (const file of listFiles(distDir)) {
    const body = fs.readFileSync(path.join(distDir, file))
    const size: FileSize = { path: file, raw: body.length, gzip: zlib.gzipSync(body, { level: 9 }).length }
    const root = roots.find((r) => file.startsWith(r))
    const pkg = packages.get(root ? root.slice(0, -1) : 'main')
    if (!pkg) throw new Error(`no package for ${file}`)
    if (!WECHAT_UPLOADED_EXTENSIONS.has(path.extname(file))) {
      ;(pkg.notUploaded ??= []).push(size)
      continue
    }
    pkg.files.push(size)
    pkg.raw += size.raw
    pkg.gzip += size.gzip
  }
  for (const pkg of packages.values()) pkg.files.sort((a, b) => b.raw - a.raw)
  return [...packages.values()]
}
