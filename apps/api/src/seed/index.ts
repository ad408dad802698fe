import path from 'node:path'

/**
 * The checked-in real photographs (see photos/LICENCES.md for source and licence of each): upload
 * fixtures for tests. The demo data does not use them — none shows its products; it shows an
 * illustration of each product instead (pictures.ts).
 */
export const SEED_PHOTOS = [
  { file: 'coffee.jpg', subject: 'a cup of espresso', licence: 'CC0' },
  { file: 'chelsea.jpg', subject: 'a tabby cat', licence: 'CC0' },
  { file: 'grass.jpg', subject: 'grass (greyscale)', licence: 'CC0' },
  { file: 'brick.jpg', subject: 'a brick wall (greyscale)', licence: 'CC0' },
  { file: 'astronaut.jpg', subject: 'a portrait', licence: 'Public domain' },
  { file: 'retina.jpg', subject: 'a fundus photograph', licence: 'CC0' },
  { file: 'green-meadow.jpg', subject: 'young green grass / seedlings, close-up', licence: 'GPL-2+' },
  { file: 'dune-grass.jpg', subject: 'dry grass in the wind by the sea', licence: 'GPL-2+' },
  { file: 'garden-marigold.jpg', subject: 'a marigold flower in a garden', licence: 'GPL-2+' },
  { file: 'ladybird.jpg', subject: 'a ladybird on a grass stem', licence: 'GPL-2+' },
  { file: 'rain-drops.jpg', subject: 'rain drops on green leaves', licence: 'GPL-2+' },
  { file: 'forest-path.jpg', subject: 'a path through a pine forest', licence: 'LGPL-3' },
  { file: 'fallen-leaf.jpg', subject: 'fallen autumn leaves on the ground', licence: 'LGPL-3' },
] as const

export type SeedPhotoFile = (typeof SEED_PHOTOS)[number]['file']

export function seedPhotoPath(file: SeedPhotoFile): string {
  return path.join(__dirname, 'photos', file)
}
