import { useEffect, useState } from 'react'
import type { DownloadRecord, StorageUsage } from '@tianyuan/sdk/downloads'
import { lessonDownloads } from './lesson-downloads'

/** Every download with live progress, and the space used against WeChat's 200 MB. */
export function useDownloads(): { records: DownloadRecord[]; usage?: StorageUsage; loaded: boolean; refreshUsage(): void } {
  const [records, setRecords] = useState<DownloadRecord[]>([])
  const [usage, setUsage] = useState<StorageUsage>()
  const [loaded, setLoaded] = useState(false)
  const [tick, setTick] = useState(0)
  useEffect(() => {
    const manager = lessonDownloads()
    let live = true
    const stop = manager.subscribe((r) => live && setRecords(r))
    void manager.ready.then(() => {
      if (!live) return
      setRecords(manager.list())
      setLoaded(true)
    })
    return () => {
      live = false
      stop()
    }
  }, [])
  // Space is measured again when a download finishes or goes.
  const settled = records.filter((r) => r.status === 'done').length
  useEffect(() => {
    let live = true
    void lessonDownloads()
      .usage()
      .then((u) => live && setUsage(u))
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [settled, records.length, tick])
  return { records, usage, loaded, refreshUsage: () => setTick((t) => t + 1) }
}

/** One download's record, live (undefined: not downloaded). */
export function useDownload(id: string | undefined): DownloadRecord | undefined {
  const { records } = useDownloads()
  return id ? records.find((r) => r.id === id) : undefined
}
