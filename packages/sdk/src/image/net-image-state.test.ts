import { initialNetImageState, MAX_RETRIES, netImageReducer, type NetImageEvent, type NetImagePhase, type NetImageState } from './net-image-state'

/** Runs events from a start and lists the phase after each. */
function run(start: NetImageState, ...events: NetImageEvent[]): { phases: NetImagePhase[]; state: NetImageState } {
  const phases: NetImagePhase[] = []
  let state = start
  for (const event of events) {
    state = netImageReducer(state, event)
    phases.push(state.phase)
  }
  return { phases, state }
}

const visible = { type: 'visible' } as const
const hidden = { type: 'hidden' } as const
const tap = { type: 'tap' } as const
const granted = { type: 'granted' } as const
const load = { type: 'load' } as const
const error = { type: 'error' } as const
const policy = (needsTap: boolean) => ({ type: 'policy', needsTap }) as const

describe('NetImage state machine', () => {
  it('shows the placeholder until in view, then queues, loads and stays loaded', () => {
    const { phases } = run(initialNetImageState(false), visible, granted, load, hidden, visible)
    expect(initialNetImageState(false).phase).toBe('waiting')
    expect(phases).toEqual(['queued', 'loading', 'loaded', 'loaded', 'loaded'])
  })

  it('on 2G or with the data saver asks for a tap first, and loads once tapped', () => {
    const { phases, state } = run(initialNetImageState(true), visible, granted, tap, granted, load)
    expect(phases).toEqual(['tap', 'tap', 'queued', 'loading', 'loaded'])
    expect(state.tapped).toBe(true)
  })

  it('retries an error with a smaller variant each time, then offers a tap to try again from the start', () => {
    const start = run(initialNetImageState(false), visible, granted).state
    const attempts: number[] = []
    let state = start
    for (let i = 0; i <= MAX_RETRIES; i++) {
      attempts.push(state.attempt)
      state = netImageReducer(state, error)
      if (state.phase === 'queued') state = netImageReducer(state, granted)
    }
    expect(attempts).toEqual([0, 1, 2])
    expect(state.phase).toBe('failed')
    const again = run(state, tap)
    expect([again.state.phase, again.state.attempt]).toEqual(['queued', 0])
  })

  it('does not retry by itself on a link that now wants a tap, but keeps the smaller variant for the tap', () => {
    const { phases, state } = run(initialNetImageState(false), visible, granted, policy(true), error, tap)
    expect(phases).toEqual(['queued', 'loading', 'loading', 'tap', 'queued'])
    expect(state.attempt).toBe(1)
  })

  it('gives up its place when scrolled away before it arrived, and comes back when in view again', () => {
    const queued = run(initialNetImageState(false), visible, hidden, visible)
    expect(queued.phases).toEqual(['queued', 'waiting', 'queued'])
    const loading = run(initialNetImageState(false), visible, granted, hidden)
    expect(loading.phases).toEqual(['queued', 'loading', 'waiting'])
  })

  it('keeps loading a tapped image wherever the user scrolls', () => {
    const { phases } = run(initialNetImageState(true), visible, tap, hidden, granted, load)
    expect(phases).toEqual(['tap', 'queued', 'queued', 'loading', 'loaded'])
  })

  it('starts a waiting-for-tap image by itself when the link gets better, if it is in view', () => {
    expect(run(initialNetImageState(true), visible, policy(false)).phases).toEqual(['tap', 'queued'])
    // Out of view: nothing starts; it will when it scrolls in.
    expect(run(initialNetImageState(true), policy(false), visible).phases).toEqual(['waiting', 'queued'])
  })

  it('goes back to asking when the link drops to 2G before the image had a slot, but not once it is loading', () => {
    expect(run(initialNetImageState(false), visible, policy(true)).phases).toEqual(['queued', 'tap'])
    expect(run(initialNetImageState(false), visible, granted, policy(true)).phases).toEqual(['queued', 'loading', 'loading'])
  })

  it('ignores events that do not apply (a late load, a grant while waiting, a tap while loading)', () => {
    const waiting = initialNetImageState(false)
    expect(netImageReducer(waiting, granted)).toBe(waiting)
    expect(netImageReducer(waiting, load)).toBe(waiting)
    const loading = run(waiting, visible, granted).state
    expect(netImageReducer(loading, tap)).toBe(loading)
    expect(netImageReducer(loading, policy(false))).toBe(loading)
    const loaded = run(loading, load).state
    expect(netImageReducer(loaded, error)).toBe(loaded)
  })
})
