import type { LinkClass } from '../network/link-class'
import { createDownloadQueue, IMAGE_CONCURRENCY, MAX_SLOT_HOLD_MS } from './download-queue'

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

/** A queue and a log of which images started, with their slots to give back. */
function setUp(link: LinkClass) {
  const queue = createDownloadQueue({ link })
  const started: string[] = []
  const releases = new Map<string, () => void>()
  const add = (name: string, priority?: number) =>
    queue.add((release) => {
      started.push(name)
      releases.set(name, release)
    }, priority)
  const finish = (name: string) => releases.get(name)?.()
  return { queue, started, add, finish }
}

describe('download queue', () => {
  it.each([
    ['good', 6],
    ['slow', 3],
    ['very-slow', 1],
  ] as const)('on a %s link at most %d images download at once', (link, bound) => {
    expect(IMAGE_CONCURRENCY[link]).toBe(bound)
    const { queue, started, add, finish } = setUp(link)
    const names = Array.from({ length: 10 }, (_, i) => `img${i}`)
    names.forEach((name) => add(name))
    expect(started).toEqual(names.slice(0, bound))
    expect([queue.active, queue.waiting]).toEqual([bound, 10 - bound])
    // Each one that finishes lets exactly the next one start.
    finish('img0')
    expect(started).toEqual(names.slice(0, bound + 1))
    finish('img0') // giving a slot back twice frees one slot only
    expect(queue.active).toBe(bound)
  })

  it('starts images in the order they came into view: the first screen finishes first', () => {
    const { started, add, finish } = setUp('very-slow')
    for (const name of ['top', 'second', 'third', 'below-fold']) add(name)
    for (const name of ['top', 'second', 'third']) finish(name)
    expect(started).toEqual(['top', 'second', 'third', 'below-fold'])
  })

  it('lets a lower priority number (a tapped image) jump the line, keeping order within a priority', () => {
    const { started, add, finish } = setUp('very-slow')
    add('a')
    add('b')
    add('c')
    add('tapped', 0)
    add('tapped-later', 0)
    for (const name of ['a', 'tapped', 'tapped-later', 'b']) finish(name)
    expect(started).toEqual(['a', 'tapped', 'tapped-later', 'b', 'c'])
  })

  it('drops a cancelled image before it starts, and gives the slot back when one is cancelled mid-way', () => {
    const { queue, started, add } = setUp('very-slow')
    const cancelFirst = add('first')
    const cancelGone = add('scrolled-away')
    add('next')
    cancelGone()
    expect(queue.waiting).toBe(1)
    cancelFirst() // unmounted while downloading
    expect(started).toEqual(['first', 'next'])
    expect(queue.active).toBe(1)
  })

  it('holds everything while offline and starts more when the link improves', () => {
    const { queue, started, add } = setUp('offline')
    for (const name of ['a', 'b', 'c', 'd']) add(name)
    expect(started).toEqual([])
    queue.setLink('very-slow')
    expect(started).toEqual(['a'])
    queue.setLink('slow')
    expect(started).toEqual(['a', 'b', 'c'])
    queue.setLink('very-slow') // a worse link stops no download already running
    expect(queue.active).toBe(3)
  })

  it('takes a slot back from an image that never reports, so 2G does not stall behind it', () => {
    const { started, add } = setUp('very-slow')
    add('silent')
    add('next')
    jest.advanceTimersByTime(MAX_SLOT_HOLD_MS - 1)
    expect(started).toEqual(['silent'])
    jest.advanceTimersByTime(1)
    expect(started).toEqual(['silent', 'next'])
  })

  it('copes with an image that finishes at once, inside its own start', () => {
    const queue = createDownloadQueue({ link: 'very-slow' })
    const order: string[] = []
    queue.add((release) => {
      order.push('cached')
      release()
    })
    queue.add(() => order.push('second'))
    expect(order).toEqual(['cached', 'second'])
    expect(queue.active).toBe(1)
  })
})
