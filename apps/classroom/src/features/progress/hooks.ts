import { useEffect, useState } from 'react'
import { allLocalProgress, localProgress, subscribeProgress } from './progress-store'
import { syncProgress } from './progress-sync'
import type { LocalLessonProgress } from './progress-rules'

/** The phone's own progress of a lesson (undefined while reading, or never played here). */
export function useLocalProgress(lessonId: string | undefined): { progress?: LocalLessonProgress; loaded: boolean } {
  const [state, setState] = useState<{ progress?: LocalLessonProgress; loaded: boolean }>({ loaded: false })
  useEffect(() => {
    if (!lessonId) return
    let live = true
    const read = () => void localProgress(lessonId).then((progress) => live && setState({ progress, loaded: true }))
    read()
    const stop = subscribeProgress(read)
    return () => {
      live = false
      stop()
    }
  }, [lessonId])
  return state
}

/**
 * 接着学 from the phone's own copy: lessons started and not done, the latest first — at once,
 * offline too, and including what was played since the last sync (the home page may show it
 * before, or instead of, the server's `continue` list). Also sends what an earlier session left
 * waiting (nothing is sent when nothing waits).
 */
export function useContinueLearning(limit = 3): LocalLessonProgress[] {
  const [items, setItems] = useState<LocalLessonProgress[]>([])
  useEffect(() => {
    let live = true
    const read = () => void allLocalProgress().then((all) => live && setItems(all.filter((p) => !p.done && p.positionS > 0).slice(0, limit)))
    read()
    // Events an earlier session left on the phone (the app closed before they were handed to the queue) go now.
    void syncProgress()
    const stop = subscribeProgress(read)
    return () => {
      live = false
      stop()
    }
  }, [limit])
  return items
}
