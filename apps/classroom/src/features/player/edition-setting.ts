// The most a learner lets a lesson spend (a setting kept on the phone): 'audio' is the 只听声音
// switch; the player never plays more than this, whatever the link.
import type { LessonEditionKind } from '@tianyuan/sdk/media'
import { useEffect, useState } from 'react'
import { classroomStore } from '../../sdk'

const setting = classroomStore.entry<LessonEditionKind>('player:ceiling')
export const DEFAULT_CEILING: LessonEditionKind = 'video360'
const listeners = new Set<(c: LessonEditionKind) => void>()

export async function readCeiling(): Promise<LessonEditionKind> {
  return (await setting.get()) ?? DEFAULT_CEILING
}

export async function setCeiling(ceiling: LessonEditionKind): Promise<void> {
  await setting.set(ceiling)
  listeners.forEach((l) => l(ceiling))
}

export function useEditionCeiling(): { ceiling: LessonEditionKind; loaded: boolean; set(ceiling: LessonEditionKind): Promise<void> } {
  const [state, setState] = useState<{ ceiling: LessonEditionKind; loaded: boolean }>({ ceiling: DEFAULT_CEILING, loaded: false })
  useEffect(() => {
    let live = true
    void readCeiling().then((ceiling) => live && setState({ ceiling, loaded: true }))
    const l = (ceiling: LessonEditionKind) => live && setState({ ceiling, loaded: true })
    listeners.add(l)
    return () => {
      live = false
      listeners.delete(l)
    }
  }, [])
  return { ...state, set: setCeiling }
}
