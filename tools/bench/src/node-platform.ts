// A Platform for Node (benchmarks only): Platform.request over node:http, memory storage,
// and "wifi" as the network type. Everything a scripted client does not need says 'unsupported'.
import http from 'node:http'
import { unsupported as sdkUnsupported } from '../../../packages/sdk/src/errors/sdk-error'
import { TransferFailure, type HttpResponse, type Platform, type Transfer } from '../../../packages/sdk/src/platform/types'

const unsupported = (what: string) => () => {
  throw sdkUnsupported(what, 'the Node bench platform')
}

export function createNodePlatform(): Platform {
  const storage = new Map<string, string>()
  return {
    getNetworkType: async () => ({ networkType: 'wifi' }),
    onNetworkStatusChange: () => () => undefined,
    onNetworkWeakChange: () => () => undefined,
    request(request): Transfer<HttpResponse> {
      const url = new URL(request.url)
      if (url.hostname !== '127.0.0.1') throw new Error('the bench platform only talks to 127.0.0.1')
      let req: http.ClientRequest | undefined
      const result = new Promise<HttpResponse>((resolve, reject) => {
        req = http.request(
          { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: request.method, headers: request.headers, agent: false, timeout: request.timeoutMs },
          (res) => {
            const chunks: Buffer[] = []
            res.on('data', (c: Buffer) => chunks.push(c))
            res.on('end', () => {
              const headers: Record<string, string> = {}
              for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
              resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') })
            })
            res.on('error', (e) => reject(new TransferFailure('network', e.message)))
          },
        )
        req.on('timeout', () => {
          req?.destroy()
          reject(new TransferFailure('timeout', 'timed out'))
        })
        req.on('error', (e) => reject(new TransferFailure('network', e.message)))
        req.end(request.body)
      })
      return { result, abort: () => req?.destroy(new Error('aborted')) }
    },
    uploadFile: unsupported('uploadFile'),
    downloadFile: unsupported('downloadFile'),
    getStorage: async (key) => storage.get(key),
    setStorage: async (key, value) => void storage.set(key, value),
    removeStorage: async (key) => void storage.delete(key),
    storageKeys: async () => [...storage.keys()],
    login: unsupported('login'),
    requestPayment: unsupported('requestPayment'),
    requestMerchantTransfer: unsupported('requestMerchantTransfer'),
    getSystemInfo: () => ({ pixelRatio: 2, windowWidth: 375, windowHeight: 667, platform: 'node', fontSizeScaleFactor: 1, webp: true }),
    createIntersectionWatcher: unsupported('createIntersectionWatcher'),
    getImageInfo: unsupported('getImageInfo'),
    compressImage: unsupported('compressImage'),
  }
}
