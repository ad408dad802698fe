import fs from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { ILLUSTRATIONS, illustrationPath, renderPicture, type PictureKind } from './pictures'
import { SEED_MARKET_PICTURES } from './market'

const kinds = Object.keys(ILLUSTRATIONS) as PictureKind[]

/** Where in the title the last of a kind's words ends (-1: none of them is there). */
function lastMention(title: string, kind: PictureKind): number {
  return Math.max(-1, ...ILLUSTRATIONS[kind].words.map((w) => (title.lastIndexOf(w) < 0 ? -1 : title.lastIndexOf(w) + w.length)))
}

describe('seed pictures', () => {
  test('every product shows what its title names: the kind of its picture is the thing named last (核桃油 is oil, 红薯粉条 noodles)', () => {
    expect(SEED_MARKET_PICTURES).toHaveLength(60)
    const wrong = SEED_MARKET_PICTURES.filter(({ title, picture }) => {
      const mine = lastMention(title, picture)
      return mine < 0 || kinds.some((other) => other !== picture && lastMention(title, other) > mine)
    })
    expect(wrong).toEqual([])
  })

  test('no picture stands for two different things, and every one is a file with its source recorded', () => {
    const files = kinds.map((k) => ILLUSTRATIONS[k].file)
    expect(new Set(files).size).toBe(files.length)
    const licences = fs.readFileSync(path.join(__dirname, 'illustrations', 'LICENSES.md'), 'utf8')
    for (const kind of kinds) {
      expect(fs.existsSync(illustrationPath(kind))).toBe(true)
      expect(licences).toContain(`| ${ILLUSTRATIONS[kind].file} |`)
    }
    // Nothing in the folder that is not used (or not accounted for).
    const svgs = fs.readdirSync(path.join(__dirname, 'illustrations')).filter((f) => f.endsWith('.svg'))
    expect(svgs.sort()).toEqual([...files].sort())
    // Every kind used by a product is a product picture, not the doctors' placeholder.
    expect(SEED_MARKET_PICTURES.filter((p) => p.picture === 'doctor')).toEqual([])
  })

  test('each renders to a 640 × 640 JPEG with the drawing on a plain background, and no two look the same', async () => {
    const signatures = new Map<string, PictureKind>()
    for (const kind of kinds) {
      const jpeg = await renderPicture(kind)
      const meta = await sharp(jpeg).metadata()
      expect({ kind, format: meta.format, width: meta.width, height: meta.height }).toEqual({ kind, format: 'jpeg', width: 640, height: 640 })
      // The corner is the background; the middle third holds the drawing (not blank).
      // (stats() reads its input: cut the region out first.)
      const region = async (left: number, top: number, side: number) =>
        sharp(await sharp(jpeg).extract({ left, top, width: side, height: side }).png().toBuffer()).stats()
      const corner = await region(0, 0, 40)
      const middle = await region(213, 213, 214)
      expect(corner.channels.every((c) => c.stdev < 2)).toBe(true)
      expect(Math.max(...middle.channels.map((c) => c.stdev))).toBeGreaterThan(10)
      const tiny = await sharp(jpeg).resize(8, 8).raw().toBuffer()
      const signature = tiny.toString('hex')
      expect(signatures.get(signature)).toBeUndefined()
      signatures.set(signature, kind)
    }
  })
})
