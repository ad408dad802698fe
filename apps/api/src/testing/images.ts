import sharp from 'sharp'

/**
 * Synthetic test inputs (not photographs): a gradient JPEG carrying an EXIF orientation and GPS
 * position, to prove uploads are rotated and stripped.
 */
export async function jpegWithExif(width = 300, height = 200): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3
      pixels[i] = Math.round((x / width) * 255)
      pixels[i + 1] = Math.round((y / height) * 255)
      pixels[i + 2] = 120
    }
  }
  const plain = await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer()
  return sharp(plain)
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'TestPhone', Copyright: 'test' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 15/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '120/1 10/1 0/1' },
    })
    .jpeg({ quality: 90 })
    .toBuffer()
}

export async function tinyPng(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 20, g: 160, b: 60, alpha: 1 } } }).png().toBuffer()
}

export function multipart(fields: Record<string, Blob | string>): FormData {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) form.append(name, value)
  return form
}

export function fileBlob(bytes: Uint8Array, type = 'image/jpeg'): Blob {
  return new Blob([new Uint8Array(bytes)], { type })
}

/** Whether an EXIF block has a GPS IFD pointer (tag 0x8825, either byte order). */
export function hasGpsIfd(exif: Buffer | undefined): boolean {
  return !!exif && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])))
}
