import { readFile } from 'node:fs/promises'
import { afterAll, describe, expect, it } from 'vitest'

import {
  makeAudio,
  makeFileOfSize,
  makeImage,
  makePngNamedMp4,
  makeVideo,
  removeFixtures,
} from '../tests/fixtures'
import { checkClaimedType, sniffBytes, sniffFile } from './sniff'

afterAll(removeFixtures)

describe('sniffing the real type from the bytes', () => {
  it.each([
    [
      'an MP4',
      () => makeVideo({ seconds: 1, withSubtitles: false }),
      { mime: 'video/mp4', ext: 'mp4' },
    ],
    [
      'a QuickTime movie',
      () => makeVideo({ seconds: 1, withSubtitles: false, container: 'mov' }),
      { mime: 'video/quicktime', ext: 'mov' },
    ],
    [
      'a JPEG',
      () => makeImage({ format: 'jpeg', width: 8, height: 8 }),
      { mime: 'image/jpeg', ext: 'jpg' },
    ],
    [
      'a WebP',
      () => makeImage({ format: 'webp', width: 8, height: 8 }),
      { mime: 'image/webp', ext: 'webp' },
    ],
    ['an MP3', () => makeAudio({ seconds: 1, format: 'mp3' }), { mime: 'audio/mpeg', ext: 'mp3' }],
    ['a PNG named .mp4', makePngNamedMp4, { mime: 'image/png', ext: 'png' }],
  ])('recognises %s', async (_case, make, expected) => {
    expect(await sniffFile(await make())).toEqual(expected)
  })

  it('returns null for bytes of no known type', async () => {
    expect(await sniffFile(await makeFileOfSize(4096))).toBeNull()
  })

  it('reads the type from the first bytes alone', async () => {
    const head = (await readFile(await makePngNamedMp4())).subarray(0, 64)

    expect(await sniffBytes(head)).toEqual({ mime: 'image/png', ext: 'png' })
  })
})

describe('comparing the name and the claimed MIME with the bytes', () => {
  const png = { mime: 'image/png', ext: 'png' }
  const jpeg = { mime: 'image/jpeg', ext: 'jpg' }
  const mp4 = { mime: 'video/mp4', ext: 'mp4' }

  it.each([
    [
      'a PNG named .mp4 sent as video/mp4',
      png,
      'clip.mp4',
      'video/mp4',
      { isExtensionWrong: true, isMimeWrong: true },
    ],
    [
      'a PNG named .mp4 sent as image/png',
      png,
      'clip.mp4',
      'image/png',
      { isExtensionWrong: true, isMimeWrong: false },
    ],
    [
      'a JPEG named .JPG sent as image/jpg',
      jpeg,
      '工匠.JPG',
      'image/jpg',
      { isExtensionWrong: false, isMimeWrong: false },
    ],
    [
      'a JPEG named .jpeg sent as image/jpeg',
      jpeg,
      'a.jpeg',
      'image/jpeg',
      { isExtensionWrong: false, isMimeWrong: false },
    ],
    [
      'an MP4 named .m4v sent with codecs',
      mp4,
      'a.m4v',
      'video/mp4; codecs="avc1.42E01E"',
      { isExtensionWrong: false, isMimeWrong: false },
    ],
    [
      'an MP4 sent as application/octet-stream',
      mp4,
      'a.mp4',
      'application/octet-stream',
      { isExtensionWrong: false, isMimeWrong: false },
    ],
    [
      'an MP4 without extension or MIME',
      mp4,
      'clip',
      null,
      { isExtensionWrong: false, isMimeWrong: false },
    ],
    [
      'an MP4 named .mov sent as video/quicktime',
      mp4,
      'a.mov',
      'video/quicktime',
      { isExtensionWrong: true, isMimeWrong: true },
    ],
    [
      'unknown bytes named .mp4 sent as video/mp4',
      null,
      'a.mp4',
      'video/mp4',
      { isExtensionWrong: true, isMimeWrong: true },
    ],
    [
      'unknown bytes named .txt sent as text/plain',
      null,
      'essay.txt',
      'text/plain',
      { isExtensionWrong: false, isMimeWrong: false },
    ],
  ])('%s', (_case, sniffed, fileName, claimedMime, expected) => {
    expect(checkClaimedType({ sniffed, fileName, claimedMime })).toEqual(expected)
  })
})
