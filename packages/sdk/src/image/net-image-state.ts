/**
 * What a NetImage is doing, as a pure reducer (the component only wires it to the
 * intersection watcher, the download queue and <Image> events), so every path is tested
 * without a renderer:
 *
 *   waiting ──visible──▶ queued ──granted──▶ loading ──load──▶ loaded
 *      │                  ▲  │                  │
 *      │ visible,         │  └──hidden──▶ waiting (not tapped)
 *      ▼ tap needed       │                     │ error: a smaller variant, up to MAX_RETRIES
 *     tap ──tap───────────┘◀────────────────────┘ (through `tap` when one is needed)
 *                                               │ error, no retries left
 *                                            failed ──tap──▶ queued (from the first variant)
 *
 * `tap needed` is the very slow link or the data saver; when the link improves a `tap`
 * image that is in view starts by itself, and a queued one on a link that got worse (before
 * it had a slot) goes back to asking.
 */
export type NetImagePhase = 'waiting' | 'tap' | 'queued' | 'loading' | 'loaded' | 'failed'

export interface NetImageState {
  phase: NetImagePhase
  /** In (or near) the viewport, as the intersection watcher last said. */
  visible: boolean
  /** The user asked for this image: it loads whatever the link and wherever it scrolls. */
  tapped: boolean
  /** Failed attempts so far in this round: each retry asks for one width step smaller. */
  attempt: number
  /** Whether the policy wants a tap before loading (very slow link or data saver). */
  needsTap: boolean
}

export type NetImageEvent =
  | { type: 'visible' }
  | { type: 'hidden' }
  | { type: 'tap' }
  | { type: 'granted' }
  | { type: 'load' }
  | { type: 'error' }
  | { type: 'policy'; needsTap: boolean }

/** Retries after the first attempt, each one width step smaller. */
export const MAX_RETRIES = 2

export function initialNetImageState(needsTap: boolean): NetImageState {
  return { phase: 'waiting', visible: false, tapped: false, attempt: 0, needsTap }
}

/** From waiting: ask for a tap or join the queue. */
function start(state: NetImageState): NetImageState {
  return { ...state, phase: state.needsTap && !state.tapped ? 'tap' : 'queued' }
}

export function netImageReducer(state: NetImageState, event: NetImageEvent): NetImageState {
  const { phase } = state
  switch (event.type) {
    case 'visible':
      if (state.visible && phase !== 'waiting') return state
      return phase === 'waiting' ? start({ ...state, visible: true }) : { ...state, visible: true }
    case 'hidden':
      // Scrolled away before it arrived: give its place to images in view (unless asked for).
      if ((phase === 'queued' || phase === 'loading') && !state.tapped) return { ...state, visible: false, phase: 'waiting' }
      return state.visible ? { ...state, visible: false } : state
    case 'tap':
      if (phase === 'tap' || phase === 'waiting') return { ...state, tapped: true, phase: 'queued' }
      if (phase === 'failed') return { ...state, tapped: true, attempt: 0, phase: 'queued' }
      return state
    case 'granted':
      return phase === 'queued' ? { ...state, phase: 'loading' } : state
    case 'load':
      return phase === 'loading' ? { ...state, phase: 'loaded' } : state
    case 'error':
      if (phase !== 'loading') return state
      // A retry on a link that now wants a tap waits for one (it would spend data unasked).
      return state.attempt < MAX_RETRIES ? start({ ...state, attempt: state.attempt + 1 }) : { ...state, phase: 'failed' }
    case 'policy': {
      if (event.needsTap === state.needsTap) return state
      const next = { ...state, needsTap: event.needsTap }
      if (phase === 'tap' && !event.needsTap && state.visible) return { ...next, phase: 'queued' }
      if (phase === 'queued' && event.needsTap && !state.tapped) return { ...next, phase: 'tap' }
      return next
    }
  }
}
