import { applyPlayed, newClientEventId, resumePosition, type LessonRef } from './progress-rules'

const lesson: LessonRef = { id: 'l1', courseId: 'c1', title: '玉米合理密植', kind: 'audio', durationS: 600 }

test('a lesson is done once 90 % of it has been played, each second counted once however often it was played', () => {
  let p = applyPlayed(undefined, lesson, 300, [0, 300], 1)
  p = applyPlayed(p, lesson, 300, [100, 300], 2) // played again: not counted twice
  expect(p).toMatchObject({ coveredS: 300, done: false, positionS: 300 })
  p = applyPlayed(p, lesson, 539, [300, 539], 3)
  expect(p.done).toBe(false)
  p = applyPlayed(p, lesson, 540, [539, 540], 4)
  expect(p).toMatchObject({ coveredS: 540, done: true, segments: [[0, 540]] })
  // Done stays done after a rewind.
  expect(applyPlayed(p, lesson, 10, undefined, 5)).toMatchObject({ done: true, positionS: 10 })
})

test('the player resumes at the newer of the phone and the server, from the start after the end', () => {
  const local = { positionS: 125.6, updatedAt: Date.parse('2026-12-04T10:00:00Z') }
  expect(resumePosition(local, { positionS: 80, updatedAt: '2026-12-04T09:00:00Z' }, 600)).toBe(125)
  expect(resumePosition(local, { positionS: 80, updatedAt: '2026-12-04T11:00:00Z' }, 600)).toBe(80)
  expect(resumePosition(undefined, { positionS: 80, updatedAt: '2026-12-04T11:00:00Z' }, 600)).toBe(80)
  expect(resumePosition(undefined, null, 600)).toBe(0)
  expect(resumePosition({ positionS: 598, updatedAt: 1 }, null, 600)).toBe(0)
})

test('client event ids are what the server accepts (8-64 of A-Z a-z 0-9 _ -) and differ', () => {
  const a = newClientEventId(Date.now())
  const b = newClientEventId(Date.now())
  expect(a).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
  expect(a).not.toBe(b)
})
