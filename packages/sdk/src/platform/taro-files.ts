/**
 * The phone's files over Taro's FileSystemManager (weapp). A module of its own, not part of
 * taroPlatform: only download and upload pages (subpackages) import it, so no main package
 * carries it. H5 has no FileSystemManager (Taro's stand-in says "not supported"): see h5-files.
 */
import Taro from '@tarojs/taro'
import { unsupported } from '../errors/sdk-error'
import type { FileStat, LocalFiles } from './types'

/** The part of WeChat's FileSystemManager used here (Taro's typings lag behind position/length). */
interface WxFs {
  stat(o: { path: string; recursive?: boolean; success(r: { stats: unknown }): void; fail(e: unknown): void }): void
  readFile(o: { filePath: string; position?: number; length?: number; success(r: { data: ArrayBuffer | string }): void; fail(e: unknown): void }): void
  appendFile(o: { filePath: string; data: ArrayBuffer; success(): void; fail(e: unknown): void }): void
  writeFile(o: { filePath: string; data: ArrayBuffer; success(): void; fail(e: unknown): void }): void
  unlink(o: { filePath: string; success(): void; fail(e: unknown): void }): void
  getSavedFileList(o: { success(r: { fileList: { size: number }[] }): void; fail(e: unknown): void }): void
}

function fsm(): WxFs {
  if (Taro.getEnv() === Taro.ENV_TYPE.WEB) throw unsupported('getFileSystemManager', 'H5')
  return Taro.getFileSystemManager() as unknown as WxFs
}

const errMsg = (e: unknown) => String((e as { errMsg?: string })?.errMsg ?? e)
const missing = (e: unknown) => /no such file|not exist|ENOENT/i.test(errMsg(e))

function call<T>(start: (success: (value: T) => void, fail: (e: unknown) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => start(resolve, (e) => reject(new Error(errMsg(e)))))
}

/** A stat's `stats`: one Stats (a file), or with `recursive` an array of {path, stats} (or an object by path on older bases). */
function sizesOf(stats: unknown): number {
  if (Array.isArray(stats)) return stats.reduce((n: number, s: { stats?: { size?: number; isFile?: () => boolean } }) => n + (s.stats?.isFile?.() === false ? 0 : s.stats?.size ?? 0), 0)
  if (stats && typeof stats === 'object' && typeof (stats as { size?: unknown }).size !== 'number') {
    return Object.values(stats as Record<string, { size?: number; isFile?: () => boolean }>).reduce((n, s) => n + (s?.isFile?.() === false ? 0 : s?.size ?? 0), 0)
  }
  return (stats as { size?: number })?.size ?? 0
}

export const taroLocalFiles: LocalFiles = {
  get userDataPath() {
    return (Taro.env as { USER_DATA_PATH?: string }).USER_DATA_PATH ?? 'wxfile://usr'
  },
  async stat(path): Promise<FileStat | undefined> {
    try {
      const { stats } = await call<{ stats: unknown }>((success, fail) => fsm().stat({ path, success, fail }))
      return { bytes: (stats as { size?: number }).size ?? 0 }
    } catch (error) {
      if (missing(error)) return undefined
      throw error
    }
  },
  async read(filePath, position, length) {
    const { data } = await call<{ data: ArrayBuffer | string }>((success, fail) =>
      fsm().readFile({ filePath, ...(position !== undefined ? { position } : {}), ...(length !== undefined ? { length } : {}), success, fail }),
    )
    if (typeof data === 'string') throw new Error(`readFile gave text for ${filePath}`)
    return data
  },
  async append(filePath, data) {
    try {
      await call<void>((success, fail) => fsm().appendFile({ filePath, data, success: () => success(), fail }))
    } catch (error) {
      // appendFile needs the file to exist: the first chunk creates it.
      if (!missing(error)) throw error
      await call<void>((success, fail) => fsm().writeFile({ filePath, data, success: () => success(), fail }))
    }
  },
  async remove(filePath) {
    try {
      await call<void>((success, fail) => fsm().unlink({ filePath, success: () => success(), fail }))
    } catch (error) {
      if (!missing(error)) throw error
    }
  },
  async usedBytes() {
    const user = await call<{ stats: unknown }>((success, fail) => fsm().stat({ path: taroLocalFiles.userDataPath, recursive: true, success, fail })).then(
      (r) => sizesOf(r.stats),
      () => 0,
    )
    const saved = await call<{ fileList: { size: number }[] }>((success, fail) => fsm().getSavedFileList({ success, fail })).then(
      (r) => r.fileList.reduce((n, f) => n + (f.size ?? 0), 0),
      () => 0,
    )
    return user + saved
  },
}
