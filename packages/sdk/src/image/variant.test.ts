import { MEDIA_QUALITIES, MEDIA_WIDTHS } from '@tianyuan/contracts/media-variants'
import type { LinkClass } from '../network/link-class'
import { chooseImageVariant, estimateImageBytes, formatKb, pickImageVariant, snapWidth, type VariantInput } from './variant'

const photo = { id: 'm1', width: 1600, height: 1200 }
const base: VariantInput = { media: photo, displayWidth: 375, dpr: 3, link: 'good', supportsWebp: true }

describe('pickImageVariant: the policy table', () => {
  // link class × DPR × display width → URL. A full-width photo (375 px) and a two-column
  // thumbnail (170 px), on a DPR-3 phone (most Android), a DPR-2 phone and a DPR-1 screen.
  const table: Array<[LinkClass, number, number, string]> = [
    ['good', 3, 375, '/api/media/m1?w=640&q=75&fmt=webp'], // 375 × 2 (cap) = 750 → 640 (within 20 %)
    ['good', 2, 375, '/api/media/m1?w=640&q=75&fmt=webp'],
    ['good', 1, 375, '/api/media/m1?w=320&q=75&fmt=webp'], // 375 → 320 (within 20 %)
    ['good', 3, 170, '/api/media/m1?w=320&q=75&fmt=webp'], // 340 → 320
    ['good', 2, 170, '/api/media/m1?w=320&q=75&fmt=webp'],
    ['good', 1, 170, '/api/media/m1?w=160&q=75&fmt=webp'], // 170 → 160
    ['good', 2, 414, '/api/media/m1?w=960&q=75&fmt=webp'], // 828 → 960 (640 would be 29 % soft)
    ['slow', 3, 375, '/api/media/m1?w=480&q=60&fmt=webp'], // 375 × 1.5 = 562 → 480
    ['slow', 2, 375, '/api/media/m1?w=480&q=60&fmt=webp'],
    ['slow', 1, 375, '/api/media/m1?w=320&q=60&fmt=webp'],
    ['slow', 3, 170, '/api/media/m1?w=320&q=60&fmt=webp'], // 255 → 320
    ['slow', 1, 170, '/api/media/m1?w=160&q=60&fmt=webp'],
    ['very-slow', 3, 375, '/api/media/m1?w=320&q=50&fmt=webp'], // cap 1: 375 → 320
    ['very-slow', 1, 414, '/api/media/m1?w=480&q=50&fmt=webp'], // 414 → 480
    ['very-slow', 3, 170, '/api/media/m1?w=160&q=50&fmt=webp'],
    ['offline', 3, 170, '/api/media/m1?w=160&q=50&fmt=webp'],
  ]
  it.each(table)('%s link, DPR %d, %d px wide → %s', (link, dpr, displayWidth, url) => {
    expect(pickImageVariant({ ...base, link, dpr, displayWidth })).toBe(url)
  })

  it('asks for JPEG where the host cannot show WebP', () => {
    expect(pickImageVariant({ ...base, supportsWebp: false })).toBe('/api/media/m1?w=640&q=75&fmt=jpeg')
  })

  it('uses the smallest policy in data-saver mode, whatever the link', () => {
    expect(pickImageVariant({ ...base, saveData: true })).toBe(pickImageVariant({ ...base, link: 'very-slow' }))
  })

  it('takes a bare id and width as well as the metadata, and escapes the id', () => {
    expect(pickImageVariant({ mediaId: 'a/b c', mediaWidth: 1600, displayWidth: 170, dpr: 2, link: 'good', supportsWebp: true })).toBe('/api/media/a%2Fb%20c?w=320&q=75&fmt=webp')
    expect(() => pickImageVariant({ displayWidth: 1, dpr: 1, link: 'good', supportsWebp: true })).toThrow(/media/)
  })

  it('only ever asks for widths and qualities the server has', () => {
    for (const link of ['good', 'slow', 'very-slow', 'offline'] as const)
      for (const dpr of [0.5, 1, 1.5, 2, 2.75, 3, 4])
        for (const displayWidth of [1, 50, 120, 170, 200, 320, 375, 414, 768, 1200, 5000]) {
          const v = chooseImageVariant({ ...base, link, dpr, displayWidth })
          expect(MEDIA_WIDTHS).toContain(v.width)
          expect(MEDIA_QUALITIES).toContain(v.quality)
        }
  })
})

describe('never upscaled', () => {
  it('asks no wider than the step covering the original, and expects the original’s pixels', () => {
    const small = { id: 's', width: 500, height: 375 }
    const v = chooseImageVariant({ ...base, media: small, displayWidth: 375, dpr: 3 })
    expect(v.width).toBe(480) // 640 wanted; the original snaps to 480 (within 20 %)
    expect(v.pixelWidth).toBe(480)
    const tiny = chooseImageVariant({ ...base, media: { id: 't', width: 100, height: 100 }, displayWidth: 375 })
    expect([tiny.width, tiny.pixelWidth]).toEqual([160, 100])
  })

  it('gives every screen wanting more than the photo one shared URL', () => {
    const media = { id: 'x', width: 600, height: 600 }
    const urls = new Set([375, 414, 768].map((displayWidth) => pickImageVariant({ ...base, media, displayWidth })))
    expect([...urls]).toEqual(['/api/media/x?w=640&q=75&fmt=webp'])
  })

  it('never asks for more than the server step covering display width × 2, even at DPR 4 (the WeChat audit flags × DPR²)', () => {
    for (const displayWidth of [60, 100, 170, 240, 375, 414]) {
      const v = chooseImageVariant({ ...base, displayWidth, dpr: 4 })
      expect(v.width).toBeLessThanOrEqual(MEDIA_WIDTHS.find((w) => w >= displayWidth * 2) ?? 960)
    }
  })
})

describe('snapping', () => {
  it('snaps up to the next server width, down when at most 20 % over a step, and caps at the largest', () => {
    expect([1, 160, 192, 193, 320, 384, 385, 480, 576, 577, 640, 768, 769, 960, 5000].map(snapWidth)).toEqual([
      160, 160, 160, 320, 320, 320, 480, 480, 480, 640, 640, 640, 960, 960, 960,
    ])
  })

  it('steps down the ladder for a retry, never below the smallest width', () => {
    expect([0, 1, 2, 3, 9].map((smaller) => chooseImageVariant({ ...base, smaller }).width)).toEqual([640, 480, 320, 160, 160])
  })
})

describe('bytes', () => {
  it('reproduces the measured medians (weak-network.md) within 20 %', () => {
    const measured: Array<['webp' | 'jpeg', number, number, number]> = [
      ['webp', 75, 160, 3.6],
      ['webp', 75, 320, 11.0],
      ['webp', 75, 640, 39.4],
      ['webp', 50, 320, 8.0],
      ['webp', 50, 640, 29.8],
      ['jpeg', 75, 320, 11.7],
      ['jpeg', 75, 640, 45.3],
      ['jpeg', 50, 160, 2.5],
      ['jpeg', 50, 640, 29.1],
    ]
    for (const [format, quality, width, kb] of measured) {
      const estimate = estimateImageBytes(format, quality, width) / 1024
      expect(Math.abs(estimate - kb) / kb).toBeLessThan(0.2)
    }
  })

  it('counts the pixels that arrive: a portrait photo costs more, a small original less', () => {
    const landscape = chooseImageVariant({ ...base, displayWidth: 170, dpr: 2 })
    const portrait = chooseImageVariant({ ...base, media: { id: 'p', width: 1200, height: 1600 }, displayWidth: 170, dpr: 2 })
    expect(portrait.estimatedBytes / landscape.estimatedBytes).toBeCloseTo(16 / 9, 1)
    const tiny = chooseImageVariant({ ...base, media: { id: 't', width: 100, height: 75 } })
    expect(tiny.estimatedBytes).toBeLessThan(estimateImageBytes('webp', 75, 160))
  })

  it('keeps a 2G first screen of thumbnails near the 20 KB floor once tapped', () => {
    // Four 170 px thumbnails on a DPR-3 phone, very slow link: 160 w, q50 WebP each.
    const one = chooseImageVariant({ ...base, link: 'very-slow', displayWidth: 170 }).estimatedBytes
    expect((4 * one) / 1024).toBeLessThan(12)
  })

  it('writes the size a villager reads: whole KB, at least 1', () => {
    expect([100, 1024, 12_700, 40_000].map(formatKb)).toEqual(['约 1 KB', '约 1 KB', '约 12 KB', '约 39 KB'])
  })
})
