import type { Segment } from '@tianyuan/contracts/classroom-rules'
import { createPlayTracker } from './play-tracker'

function tracked() {
  const records: Array<{ at: number; segment?: Segment }> = []
  const tracker = createPlayTracker((at, segment) => records.push({ at, segment }))
  return { tracker, records }
}

test('playing records a stretch every 15 s and the rest when it pauses', () => {
  const { tracker, records } = tracked()
  tracker.playing(10)
  for (let t = 11; t <= 42; t++) tracker.tick(t)
  tracker.stopped(42)
  expect(records).toEqual([
    { at: 25, segment: [10, 25] },
    { at: 40, segment: [25, 40] },
    { at: 42, segment: [40, 42] },
  ])
})

test('a seek closes the stretch where playing was and records the new position; nothing is counted for the skipped part', () => {
  const { tracker, records } = tracked()
  tracker.playing(0)
  for (let t = 1; t <= 8; t++) tracker.tick(t)
  tracker.seeked(300)
  for (let t = 301; t <= 304; t++) tracker.tick(t)
  tracker.stopped(304)
  expect(records).toEqual([{ at: 8, segment: [0, 8] }, { at: 300 }, { at: 304, segment: [300, 304] }])
})

test('a jump seen only in time updates (the host seeked) is not counted as played', () => {
  const { tracker, records } = tracked()
  tracker.playing(0)
  tracker.tick(1)
  tracker.tick(2)
  tracker.tick(200)
  tracker.tick(201)
  tracker.stopped(201)
  expect(records).toEqual([{ at: 2, segment: [0, 2] }, { at: 201, segment: [200, 201] }])
})

test('leaving while paused records the position alone', () => {
  const { tracker, records } = tracked()
  tracker.stopped(75)
  expect(records).toEqual([{ at: 75 }])
})
