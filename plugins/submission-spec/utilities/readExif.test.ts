import sharp from 'sharp'
import { describe, expect, it } from 'vitest'

import { readExif } from './readExif'

const exifOf = async (image: ReturnType<typeof sharp>): Promise<Buffer> => {
  const { exif } = await sharp(await image.jpeg().toBuffer()).metadata()
  if (!exif) {
    throw new Error('sharp wrote no EXIF')
  }
  return exif
}

const blank = () => sharp({ create: { width: 4, height: 4, channels: 3, background: '#888' } })

describe('reading EXIF', () => {
  it('reads make, model, orientation and a GPS position', async () => {
    const exif = await exifOf(
      blank()
        .withExif({
          IFD0: { Make: 'HUAWEI', Model: 'Mate 30' },
          IFD3: {
            GPSLatitudeRef: 'N',
            GPSLatitude: '36/1 5/1 0/1',
            GPSLongitudeRef: 'E',
            GPSLongitude: '111/1 31/1 0/1',
          },
        })
        .withMetadata({ orientation: 8 }),
    )

    expect(readExif(exif)).toEqual({
      orientation: 8,
      hasGps: true,
      make: 'HUAWEI',
      model: 'Mate 30',
    })
  })

  it('does not count a GPS block without a position as a position', async () => {
    const exif = await exifOf(
      blank().withExif({ IFD0: { Make: 'Xiaomi' }, IFD3: { GPSVersionID: '2 2 0 0' } }),
    )

    expect(readExif(exif)).toMatchObject({ hasGps: false, make: 'Xiaomi' })
  })

  it.each([
    ['nothing', new Uint8Array()],
    ['the prefix alone', new TextEncoder().encode('Exif\0\0')],
    ['an unknown byte order', new TextEncoder().encode('Exif\0\0XX*\0\x08\0\0\0')],
    ['an IFD offset past the end', Uint8Array.from([0x49, 0x49, 0x2a, 0, 0xff, 0xff, 0xff, 0x7f])],
    // IFD0 claims 65 535 entries and a Make stored far past the end.
    [
      'entries pointing past the end',
      Uint8Array.from([
        0x49, 0x49, 0x2a, 0, 8, 0, 0, 0, 0xff, 0xff, 0x0f, 0x01, 2, 0, 0x40, 0, 0, 0, 0xf0, 0xff, 0,
        0,
      ]),
    ],
  ])('gives an empty summary, not an error, for %s', (_case, bytes) => {
    expect(() => readExif(bytes)).not.toThrow()
    expect(readExif(bytes).make).toBeUndefined()
  })
})
