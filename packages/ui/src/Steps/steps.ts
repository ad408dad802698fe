export type StepState = 'done' | 'current' | 'upcoming'

/** Spoken and shown next to the dot, so the state never depends on colour alone. */
export const STEP_STATE_LABEL: Record<StepState, string> = { done: '已完成', current: '当前', upcoming: '未到' }

/**
 * The state of each of `count` steps when step `current` (0-based) is in progress: earlier
 * steps done, later ones upcoming. `current >= count` means all done (e.g. 已收货 is the last
 * step and finished); a negative `current` means nothing has started.
 */
export function deriveStepStates(count: number, current: number): StepState[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`step count must be a whole number, got ${count}`)
  if (!Number.isInteger(current)) throw new RangeError(`current step must be a whole number, got ${current}`)
  return Array.from({ length: count }, (_, i) => (i < current ? 'done' : i === current ? 'current' : 'upcoming'))
}
