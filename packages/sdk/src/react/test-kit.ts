// Shared by the hook suites that render for real in jsdom (not shipped: nothing in react.ts imports it).
import { act } from 'react'

// Node's own setImmediate: Jest's fake timers replace only the global one, and a real turn of
// the event loop is what lets every promise that is already settling run.
const { setImmediate: nextTurn } = jest.requireActual<{ setImmediate(callback: () => void): unknown }>('node:timers')

/**
 * Runs `fn` inside act(), then lets what it started settle — the promises already on their way
 * and what they render — before the test reads the screen. No fake time passes, so a request
 * with latency is still on its way afterwards.
 *
 * Why not `await act(async () => fn())` alone: the unit project renders with Preact, as the apps
 * ship (jest.preact.js). Preact's act() flushes renders and effects once `fn`'s promise has
 * settled and stops there; what an effect or a tap then starts (reading the stored copy, creating
 * a payment) lands after act() has returned. React 18's act() waited for that by itself (it
 * yields a real task and flushes again while work was queued), which is why these tests read
 * the screen straight after act() while they ran on react-dom.
 */
export async function settle(fn?: () => unknown): Promise<void> {
  await act(async () => {
    await fn?.()
  })
  await act(() => new Promise<void>((resolve) => nextTurn(resolve)))
}
