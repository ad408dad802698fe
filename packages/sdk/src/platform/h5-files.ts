/**
 * The browser's side of LocalFiles (the H5 preview): a chosen file (a `blob:` URL) is read a
 * slice at a time, which is all a resumable upload needs. A browser has no place for downloads
 * that counts against WeChat's 200 MB, so keeping files says `unsupported` (下载到手机 needs
 * WeChat) instead of pretending.
 */
import { unsupported } from '../errors/sdk-error'
import type { LocalFiles } from './types'

const blobs = new Map<string, Promise<Blob>>()

/** The file behind a blob: (or same-origin) URL, fetched once per path. */
function blobOf(path: string): Promise<Blob> {
  let blob = blobs.get(path)
  if (!blob) {
    blob = fetch(path).then((r) => {
      if (!r.ok) throw new Error(`readFile:fail ${r.status} ${path}`)
      return r.blob()
    })
    blob.catch(() => blobs.delete(path))
    blobs.set(path, blob)
  }
  return blob
}

export const h5LocalFiles: LocalFiles = {
  userDataPath: 'h5://usr',
  async stat(path) {
    if (!/^blob:|^https?:|^\//.test(path)) return undefined
    try {
      return { bytes: (await blobOf(path)).size }
    } catch {
      return undefined
    }
  },
  async read(path, position = 0, length) {
    const blob = await blobOf(path)
    return blob.slice(position, length === undefined ? undefined : position + length).arrayBuffer()
  },
  append: () => Promise.reject(unsupported('keeping downloaded files', 'H5 (下载到手机需要在微信里打开)')),
  remove: async () => undefined,
  usedBytes: async () => 0,
}
