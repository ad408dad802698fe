import { clock, slideAt } from './slides'

const cues = [
  { atS: 0, name: 'slide-001.webp' },
  { atS: 12.5, name: 'slide-002.webp' },
  { atS: 40, name: 'slide-003.webp' },
]

test('the still showing is the last one that started, so pictures follow the audio', () => {
  expect(slideAt(cues, 0)).toBe(0)
  expect(slideAt(cues, 12.4)).toBe(0)
  expect(slideAt(cues, 12.5)).toBe(1)
  expect(slideAt(cues, 39.9)).toBe(1)
  expect(slideAt(cues, 600)).toBe(2)
  expect(slideAt([{ atS: 3, name: 'a' }], 1)).toBe(0)
  expect(slideAt([], 5)).toBe(0)
})

test('positions read as a clock', () => {
  expect(clock(0)).toBe('0:00')
  expect(clock(65.9)).toBe('1:05')
  expect(clock(3723)).toBe('1:02:03')
})
