import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { decideFate, seededRandom, startFlakyProxy } from './proxy'

describe('seededRandom', () => {
  it('gives the same sequence for the same seed, another for another seed, all in [0, 1)', () => {
    const a = seededRandom(42)
    const b = seededRandom(42)
    const c = seededRandom(43)
    const xs = Array.from({ length: 100 }, () => a())
    expect(Array.from({ length: 100 }, () => b())).toEqual(xs)
    expect(Array.from({ length: 100 }, () => c())).not.toEqual(xs)
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true)
  })
})

describe('decideFate', () => {
  it('never drops at 0 and always drops at 1', () => {
    const r = seededRandom(1)
    expect(Array.from({ length: 200 }, () => decideFate(r, 0)).every((f) => f === 'pass')).toBe(true)
    expect(Array.from({ length: 200 }, () => decideFate(r, 1)).every((f) => f !== 'pass')).toBe(true)
  })
  it('splits a draw below the rate evenly between request and response drops', () => {
    expect(decideFate(() => 0.1, 0.3)).toBe('drop-request')
    expect(decideFate(() => 0.2, 0.3)).toBe('drop-response')
    expect(decideFate(() => 0.3, 0.3)).toBe('pass')
  })
  it('drops close to the rate over many draws, deterministically for a seed', () => {
    const fates = (seed: number) => {
      const r = seededRandom(seed)
      return Array.from({ length: 10_000 }, () => decideFate(r, 0.3))
    }
    const f = fates(7)
    expect(fates(7)).toEqual(f)
    const dropped = f.filter((x) => x !== 'pass').length / f.length
    expect(dropped).toBeGreaterThan(0.28)
    expect(dropped).toBeLessThan(0.32)
    const requests = f.filter((x) => x === 'drop-request').length
    const responses = f.filter((x) => x === 'drop-response').length
    expect(Math.abs(requests - responses) / (requests + responses)).toBeLessThan(0.05)
  })
})

describe('startFlakyProxy', () => {
  let upstream: http.Server
  let hits = 0
  beforeAll(async () => {
    upstream = http.createServer((_req, res) => {
      hits++
      res.end('ok')
    })
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r))
  })
  afterAll(() => new Promise<void>((r) => upstream.close(() => r())))

  it('forwards when nothing is dropped, and counts what it lost otherwise', async () => {
    const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`
    const clean = await startFlakyProxy(url, { dropRate: 0, delayMs: 0, jitterMs: 0 }, seededRandom(1))
    try {
      const res = await fetch(`${clean.url}/x`)
      expect(await res.text()).toBe('ok')
      expect(clean.stats).toMatchObject({ exchanges: 1, passed: 1 })
    } finally {
      await clean.close()
    }
    hits = 0
    // Response lost: the upstream did the work, the client saw a failure.
    const lossy = await startFlakyProxy(url, { dropRate: 1, delayMs: 0, jitterMs: 0 }, () => 0.9)
    try {
      await expect(fetch(`${lossy.url}/y`)).rejects.toThrow()
      expect(hits).toBe(1)
      expect(lossy.stats.droppedResponses).toBe(1)
    } finally {
      await lossy.close()
    }
  })

  it('refuses to forward anywhere but loopback', async () => {
    await expect(startFlakyProxy('http://example.com', { dropRate: 0, delayMs: 0, jitterMs: 0 }, Math.random)).rejects.toThrow(/loopback/)
  })
})
