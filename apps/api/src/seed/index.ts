import path from 'node:path'

/** The checked-in seed photographs (see photos/LICENCES.md for source and licence of each). */
export const SEED_PHOTOS = [
  { file: 'coffee.jpg', subject: 'a cup of espresso', licence: 'CC0' },
  { file: 'chelsea.jpg', subject: 'a tabby cat', licence: 'CC0' },
  { file: 'grass.jpg', subject: 'grass (greyscale)', licence: 'CC0' },
  { file: 'brick.jpg', subject: 'a brick wall (greyscale)', licence: 'CC0' },
  { file: 'astronaut.jpg', subject: 'a portrait', licence: 'Public domain' },
  { file: 'retina.jpg', subject: 'a fundus photograph', licence: 'CC0' },
] as const

export function seedPhotoPath(file: (typeof SEED_PHOTOS)[number]['file']): string {
  return path.join(__dirname, 'photos', file)
}
