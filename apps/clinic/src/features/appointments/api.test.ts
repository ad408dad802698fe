// The SDK's entry imports its Taro platform; nothing here calls it.
jest.mock('@tarojs/taro', () => ({}))
import type { Appointment } from '@tianyuan/contracts/types'
import { newest } from './api'

jest.mock('../../sdk', () => ({ sdk: {} }))

const event = (action: string) => ({ action, actor: 'patient' as const, at: '2026-11-28T10:00:00+08:00', note: null })
const appointment = (id: string, actions: string[]): Appointment => ({ id, events: actions.map(event) }) as unknown as Appointment

test('an action’s answer is shown until the refetched copy has caught up with it', () => {
  const fetched = appointment('a1', ['created', 'paid', 'started', 'finished'])
  const rated = appointment('a1', ['created', 'paid', 'started', 'finished', 'rated'])
  expect(newest(fetched, rated)).toBe(rated)
  expect(newest(rated, rated)).toBe(rated)
  // the refetch has more (the doctor did something since): it wins
  const later = appointment('a1', ['created', 'paid', 'started', 'finished', 'rated', 'refunded'])
  expect(newest(later, rated)).toBe(later)
  expect(newest(fetched, undefined)).toBe(fetched)
  expect(newest(fetched, appointment('other', ['created', 'paid', 'started', 'finished', 'rated']))).toBe(fetched)
})
