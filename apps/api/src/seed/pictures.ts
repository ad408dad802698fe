import fs from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'

/**
 * The pictures of the demo data: an illustration of each kind of product (and a neutral
 * placeholder for doctors). No free photograph of these products is within reach (see
 * photos/LICENCES.md), and a photograph of something else — a ladybird for bananas, a cat for
 * passion fruit — makes a listing look wrong, so every product shows a drawing of itself.
 *
 * Sources and licences: illustrations/LICENSES.md. `fluentui-emoji`: Microsoft's Fluent Emoji
 * (MIT), the SVGs of the npm package fluentui-emoji 1.3.0 (icons/modern), copied unchanged.
 * `tianyuan`: drawn for this repository in the same style where Fluent Emoji has no such thing
 * (walnuts, goji, pomegranates, …), CC0.
 */
export interface Illustration {
  file: string
  /** What the picture shows, in words. */
  shows: string
  /** Title words of the products it is for (the test checks each product's title has one). */
  words: readonly string[]
  source: 'fluentui-emoji' | 'tianyuan'
}

const fluent = (file: string, shows: string, words: string[]): Illustration => ({ file, shows, words, source: 'fluentui-emoji' })
const drawn = (file: string, shows: string, words: string[]): Illustration => ({ file, shows, words, source: 'tianyuan' })

export const ILLUSTRATIONS = {
  apple: fluent('red-apple.svg', '一个红苹果', ['苹果']),
  grain: fluent('sheaf-of-rice.svg', '谷穗', ['小米', '黄米', '莜面']),
  rice: fluent('cooked-rice.svg', '一碗米饭', ['大米']),
  beans: fluent('beans.svg', '豆子', ['芸豆']),
  egg: fluent('egg.svg', '一个鸡蛋', ['鸡蛋']),
  chicken: fluent('chicken.svg', '鸡', ['土鸡']),
  greenTea: fluent('teacup-without-handle.svg', '一杯茶', ['绿茶']),
  blackTea: fluent('teapot.svg', '茶壶', ['红茶']),
  curedMeat: fluent('bacon.svg', '腊肉条', ['腊肉']),
  meat: fluent('cut-of-meat.svg', '一块生肉', ['羊肉']),
  mushroom: fluent('brown-mushroom.svg', '蘑菇', ['蘑']),
  sweetPotato: fluent('roasted-sweet-potato.svg', '红薯', ['红薯', '紫薯', '地瓜']),
  noodles: fluent('steaming-bowl.svg', '一碗粉', ['粉条', '米粉']),
  grapes: fluent('grapes.svg', '一串葡萄', ['葡萄']),
  watermelon: fluent('watermelon.svg', '一块西瓜', ['瓜']),
  honey: fluent('honey-pot.svg', '蜂蜜罐', ['蜂蜜']),
  orange: fluent('tangerine.svg', '橙子', ['橙', '桔']),
  mango: fluent('mango.svg', '芒果', ['芒果']),
  banana: fluent('banana.svg', '香蕉', ['香蕉']),
  ginger: fluent('ginger-root.svg', '姜', ['姜']),
  garlic: fluent('garlic.svg', '大蒜', ['蒜']),
  peanuts: fluent('peanuts.svg', '带壳花生', ['花生']),
  walnut: drawn('walnut.svg', '核桃和半个核桃仁', ['核桃']),
  pineNuts: drawn('pine-nuts.svg', '松子', ['松子']),
  woodEar: drawn('wood-ear.svg', '黑木耳', ['木耳']),
  oil: drawn('oil-bottle.svg', '一瓶油', ['油']),
  jujube: drawn('jujube.svg', '红枣', ['枣']),
  goji: drawn('goji.svg', '枸杞', ['枸杞']),
  pomegranate: drawn('pomegranate.svg', '石榴', ['石榴']),
  passionFruit: drawn('passion-fruit.svg', '百香果和切开的一半', ['百香果']),
  scallion: drawn('scallion.svg', '一根大葱', ['葱']),
  /** Not a product: a neutral stand-in for a doctor's photo (no real person). */
  doctor: fluent('health-worker-default.svg', '医生（示意图）', []),
  // 田间课堂's course covers (seed/classroom.ts): not products, so no title words.
  corn: fluent('ear-of-corn.svg', '玉米棒', []),
  pig: fluent('pig.svg', '猪', []),
  camera: fluent('camera.svg', '相机', []),
  fruitTree: fluent('deciduous-tree.svg', '一棵树', []),
  pill: fluent('pill.svg', '药丸', []),
} as const satisfies Record<string, Illustration>

export type PictureKind = keyof typeof ILLUSTRATIONS

export function illustrationPath(kind: PictureKind): string {
  return path.join(__dirname, 'illustrations', ILLUSTRATIONS[kind].file)
}

/** The square the picture is drawn on, and how much of it the drawing takes. */
const SIDE = 640
const ART = 480
const BACKGROUND = '#F4F1E8'

// Rendered once per process: tests and the dev server seed more than once.
const rendered = new Map<PictureKind, Promise<Buffer>>()

/**
 * The picture as an upload would bring it: a 640 × 640 JPEG, the drawing centred on a plain
 * light background. The SVGs are drawn on a 32-unit grid: the density makes libvips rasterise
 * them at the final size instead of scaling up a small bitmap.
 */
export function renderPicture(kind: PictureKind): Promise<Buffer> {
  let picture = rendered.get(kind)
  if (!picture) {
    picture = (async () => {
      const svg = await fs.readFile(illustrationPath(kind))
      const art = await sharp(svg, { density: (72 * ART) / 32 })
        .resize(ART, ART, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } })
        .png()
        .toBuffer()
      return sharp({ create: { width: SIDE, height: SIDE, channels: 3, background: BACKGROUND } })
        .composite([{ input: art, gravity: 'centre' }])
        .jpeg({ quality: 92 })
        .toBuffer()
    })()
    rendered.set(kind, picture)
  }
  return picture
}
