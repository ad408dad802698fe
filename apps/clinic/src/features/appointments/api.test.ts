// The SDK's entry imports its Taro platform; nothing here calls it.
jest.mock('@tarojs/taro', () => ({}))
import type { Appointment } from '@tianyuan/contracts/types'
import { versionOf } from './api'

jest.mock('../../sdk', () => ({ sdk: {} }))

const event = (action: string) => ({ action, actor: 'patient' as const, at: '2026-11-28T10:00:00+08:00', note: null })
const appointment = (id: string, actions: string[]): Appointment => ({ id, events: actions.map(event) }) as unknown as Appointment

test('a copy with more events is further along (what useAction compares)', () => {
  const fetched = appointment('a1', ['created', 'paid', 'started', 'finished'])
  const rated = appointment('a1', ['created', 'paid', 'started', 'finished', 'rated'])
  expect(versionOf(rated)).toBeGreaterThan(versionOf(fetched))
  // the refetch has more (the doctor did something since): it is at least as new
  const later = appointment('a1', ['created', 'paid', 'started', 'finished', 'rated', 'refunded'])
  expect(versionOf(later)).toBeGreaterThanOrEqual(versionOf(rated))
})
