// Taro's uploadFile and downloadFile as Transfers. A module of their own: weapp imports it with
// the platform; the H5 build loads it on the first upload or download (taro.ts), so Taro's H5
// stand-ins for both stay out of the first screen's code.
import Taro from '@tarojs/taro'
import { lowerCaseKeys, transfer } from './taro-task'
import type { DownloadRequest, DownloadResponse, HttpResponse, Transfer, UploadRequest } from './types'

export const uploadFile = (req: UploadRequest): Transfer<HttpResponse> =>
  transfer<HttpResponse>((resolve, reject) => {
    const task = Taro.uploadFile({
      url: req.url,
      filePath: req.filePath,
      name: req.fieldName,
      header: req.headers,
      formData: req.formData,
      timeout: req.timeoutMs,
      success: (res) => resolve({ status: res.statusCode, headers: lowerCaseKeys(res.header), body: res.data }),
      fail: reject,
    })
    if (req.onProgress) task.onProgressUpdate((p) => req.onProgress?.(p.totalBytesSent, p.totalBytesExpectedToSend))
    return task
  })

export const downloadFile = (req: DownloadRequest): Transfer<DownloadResponse> =>
  transfer<DownloadResponse>((resolve, reject) => {
    // WeChat's success carries no headers: a resumed download checks Content-Range from here.
    let headers: Record<string, string> | undefined
    const task = Taro.downloadFile({
      url: req.url,
      header: req.headers,
      timeout: req.timeoutMs,
      success: (res) => resolve({ status: res.statusCode, tempFilePath: res.tempFilePath, headers: headers ?? lowerCaseKeys((res as { header?: unknown }).header) }),
      fail: reject,
    })
    task.onHeadersReceived?.((res) => (headers = lowerCaseKeys((res as { header?: unknown }).header)))
    if (req.onProgress) task.onProgressUpdate((p) => req.onProgress?.(p.totalBytesWritten, p.totalBytesExpectedToWrite))
    return task
  })
