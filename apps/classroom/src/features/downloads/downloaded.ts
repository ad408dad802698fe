// What is downloaded, read straight from storage (no download manager, no file system): small
// enough for the home page in the main package. The manager (lesson-downloads.ts) writes it.
import type { DownloadRecord } from '@tianyuan/sdk/downloads'
import type { EditionKindKey, LessonKindKey } from '@tianyuan/contracts/classroom-rules'
import { useEffect, useState } from 'react'
import { classroomStore } from '../../sdk'

export const DOWNLOADS_SCOPE = 'downloads'

/** What the classroom keeps with each download record. */
export interface DownloadMeta {
  lessonId: string
  courseId: string
  kind: EditionKindKey
  lessonKind: LessonKindKey
  durationS?: number
  courseTitle?: string
  /** The edition's file names, '/'-joined, in the order of the files. */
  names: string
  /** Their roles (audio, slide, manifest, video), '/'-joined likewise. */
  roles: string
  /** The 2G edition's cues as JSON: the pictures follow the audio offline too. */
  cues?: string
  lessonTitle?: string
}

export const downloadId = (lessonId: string, kind: EditionKindKey) => `${lessonId}:${kind}`

export async function storedDownloads(): Promise<DownloadRecord[]> {
  return (await classroomStore.scope(DOWNLOADS_SCOPE).get<DownloadRecord[]>('index')) ?? []
}

/** Finished downloads (playable with no network), newest first: for the home page's 下载的课. */
export function useDownloadedLessons(): { lessons: DownloadRecord[]; loaded: boolean } {
  const [state, setState] = useState<{ lessons: DownloadRecord[]; loaded: boolean }>({ lessons: [], loaded: false })
  useEffect(() => {
    let live = true
    void storedDownloads().then((all) => live && setState({ lessons: all.filter((r) => r.status === 'done').sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0)), loaded: true }))
    return () => {
      live = false
    }
  }, [])
  return state
}
