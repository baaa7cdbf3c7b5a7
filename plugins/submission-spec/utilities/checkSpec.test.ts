import type { MediaProbe } from './probe'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { seedData } from '../../../src/seed/data'
import {
  makeFileOfSize,
  makeImage,
  makePngNamedMp4,
  makeVideo,
  removeFixtures,
} from '../tests/fixtures'
import { checkSpec } from './checkSpec'
import { probeMedia } from './probe'

/** A sub-project of the demo data, with the rules its notice printed. */
const subProject = (name: string) => {
  const found = seedData.subProjects.find((candidate) => candidate.name === name)
  if (!found) {
    throw new Error(`no sub-project ${name} in the seed`)
  }
  return { subProjectName: found.name, spec: found.spec }
}

// 临工办发〔2020〕8号 附件2: MP4, subtitles on key content, under 3 minutes, under 50 MB.
const linfenMicroVideo = subProject('网络正能量微视频征集')
// 沪工总宣〔2017〕152号: video 3–5 minutes; essays 300–800 characters; slogans at most 30;
// picture stories must be true people and events.
const shanghaiVideo = subProject('“最美劳动者”微电影、微视频征集')
const shanghaiEssay = subProject('“网络好职工”读书征文')
const shanghaiSlogan = subProject('最“In网言网语”征集')
const shanghaiPictureStory = subProject('“最美画面故事”征集')

const probes = {} as Record<
  'short' | 'long' | 'noSubtitles' | 'mov' | 'pngNamedMp4' | 'jpeg' | 'oversized',
  MediaProbe
>

beforeAll(async () => {
  const files = {
    short: makeVideo({ seconds: 2, withSubtitles: true }),
    // Tiny and one frame a second: 200 s encodes in well under a second.
    long: makeVideo({ seconds: 200, withSubtitles: true }),
    noSubtitles: makeVideo({ seconds: 2, withSubtitles: false }),
    mov: makeVideo({ seconds: 2, withSubtitles: true, container: 'mov' }),
    pngNamedMp4: makePngNamedMp4(),
    jpeg: makeImage({ format: 'jpeg', width: 32, height: 24 }),
    oversized: makeFileOfSize(51 * 1024 * 1024 + 100 * 1024),
  }
  for (const [key, file] of Object.entries(files)) {
    probes[key as keyof typeof probes] = await probeMedia(await file)
  }
})

afterAll(removeFixtures)

const characters = (count: number) => '职'.repeat(count)

describe('checking an entry against its sub-project’s 作品要求', () => {
  it.each([
    [
      'a 2 s MP4 with subtitles for Linfen’s micro-video call',
      () => ({ ...linfenMicroVideo, files: [probes.short] }),
    ],
    [
      'a 200 s video for Shanghai’s 3–5 minute call',
      () => ({ ...shanghaiVideo, files: [probes.long] }),
    ],
    [
      'an essay of exactly 300 characters',
      () => ({ ...shanghaiEssay, files: [], text: characters(300) }),
    ],
    [
      'an essay of exactly 800 characters',
      () => ({ ...shanghaiEssay, files: [], text: characters(800) }),
    ],
    [
      'an essay of 300 characters spread over lines',
      () => ({ ...shanghaiEssay, files: [], text: `${characters(150)}\n\n  ${characters(150)} ` }),
    ],
    ['a slogan of 30 characters', () => ({ ...shanghaiSlogan, files: [], text: characters(30) })],
    [
      'a declared picture story',
      () => ({ ...shanghaiPictureStory, files: [probes.jpeg], isAuthentic: true }),
    ],
  ])('accepts %s', (_case, input) => {
    expect(checkSpec(input())).toEqual([])
  })

  it.each([
    [
      'a 200 s video for Linfen, naming 3 minutes',
      () => ({ ...linfenMicroVideo, files: [probes.long] }),
      {
        path: 'media.0',
        code: 'duration-too-long',
        message:
          '视频时长 200 秒，“网络正能量微视频征集”要求短于 3 分钟（180 秒） / video is 200 s long; "网络正能量微视频征集" requires less than 3 minutes (180 s)',
      },
    ],
    [
      'a video without a subtitle stream for Linfen',
      () => ({ ...linfenMicroVideo, files: [probes.noSubtitles] }),
      {
        path: 'media.0',
        code: 'subtitles-missing',
        message:
          '视频没有字幕轨，“网络正能量微视频征集”要求配字幕 / the video has no subtitle stream; "网络正能量微视频征集" requires subtitles',
      },
    ],
    [
      'a PNG named .mp4 for Linfen, as the PNG it is',
      () => ({ ...linfenMicroVideo, files: [probes.pngNamedMp4] }),
      {
        path: 'media.0',
        code: 'media-kind',
        message:
          '文件是 PNG 图片，“网络正能量微视频征集”只接受视频 / the file is an image (PNG); "网络正能量微视频征集" accepts video only',
      },
    ],
    [
      'a MOV for Linfen, which asks for MP4',
      () => ({ ...linfenMicroVideo, files: [probes.mov] }),
      {
        path: 'media.0',
        code: 'container',
        message:
          '文件格式为 MOV，“网络正能量微视频征集”只接受 MP4 / the file is MOV; "网络正能量微视频征集" accepts MP4 only',
      },
    ],
    [
      'an entry without a file for Linfen',
      () => ({ ...linfenMicroVideo, files: [] }),
      {
        path: 'media',
        code: 'media-missing',
        message:
          '“网络正能量微视频征集”要求提交视频作品，未上传文件 / "网络正能量微视频征集" requires video; no file was uploaded',
      },
    ],
    [
      'a 2 s clip for Shanghai, naming 3 minutes',
      () => ({ ...shanghaiVideo, files: [probes.short] }),
      {
        path: 'media.0',
        code: 'duration-too-short',
        message:
          '视频时长 2 秒，短于“‘最美劳动者’微电影、微视频征集”要求的 3 分钟（180 秒） / video is 2 s long, shorter than the 3 minutes (180 s) required',
      },
    ],
    [
      'an essay of 299 characters',
      () => ({ ...shanghaiEssay, files: [], text: characters(299) }),
      {
        path: 'text',
        code: 'text-too-short',
        message:
          '字数 299，少于“‘网络好职工’读书征文”要求的 300 字 / 299 characters, fewer than the 300 required',
      },
    ],
    [
      'an essay of 801 characters',
      () => ({ ...shanghaiEssay, files: [], text: characters(801) }),
      {
        path: 'text',
        code: 'text-too-long',
        message:
          '字数 801，超过“‘网络好职工’读书征文”允许的 800 字 / 801 characters, more than the 800 allowed',
      },
    ],
    [
      'a slogan of 31 characters',
      () => ({ ...shanghaiSlogan, files: [], text: characters(31) }),
      {
        path: 'text',
        code: 'text-too-long',
        message:
          '字数 31，超过“最‘In网言网语’征集”允许的 30 字 / 31 characters, more than the 30 allowed',
      },
    ],
    [
      'an empty essay (whether a draft may be empty is the caller’s call)',
      () => ({ ...shanghaiEssay, files: [], text: '' }),
      {
        path: 'text',
        code: 'text-too-short',
        message:
          '字数 0，少于“‘网络好职工’读书征文”要求的 300 字 / 0 characters, fewer than the 300 required',
      },
    ],
    [
      'a picture story without the authenticity declaration',
      () => ({ ...shanghaiPictureStory, files: [probes.jpeg], isAuthentic: false }),
      {
        path: 'isAuthentic',
        code: 'authenticity-missing',
        message:
          '“‘最美画面故事’征集”要求声明作品为真人真事 / "“最美画面故事”征集" requires declaring true people and events',
      },
    ],
    [
      'a photo sent as a slogan',
      () => ({ ...shanghaiSlogan, files: [probes.jpeg], text: characters(10) }),
      {
        path: 'media.0',
        code: 'media-kind',
        message:
          '文件是 JPEG 图片，“最‘In网言网语’征集”只接受文字 / the file is an image (JPEG); "最“In网言网语”征集" accepts text only',
      },
    ],
  ])('refuses %s', (_case, input, violation) => {
    expect(checkSpec(input())).toEqual([violation])
  })

  it('reports every problem at once, each file by its position', () => {
    const violations = checkSpec({
      ...linfenMicroVideo,
      files: [probes.short, probes.long, probes.oversized],
    })

    expect(violations.map(({ path, code }) => ({ path, code }))).toEqual([
      { path: 'media.1', code: 'duration-too-long' },
      { path: 'media.2', code: 'media-kind' },
      { path: 'media.2', code: 'file-too-large' },
    ])
  })

  it('names the measured size to one decimal and the limit in MB', () => {
    const [, tooLarge] = checkSpec({ ...linfenMicroVideo, files: [probes.oversized] })

    expect(tooLarge?.message).toBe(
      '文件大小 51.1 MB，“网络正能量微视频征集”要求小于 50 MB / the file is 51.1 MB; "网络正能量微视频征集" requires less than 50 MB',
    )
  })

  it.each([
    ['JPG', 'jpeg'],
    ['.jpeg', 'jpeg'],
    [' Mp4 ', 'short'],
  ] as const)('matches a spec container written as “%s”', (written, probe) => {
    expect(
      checkSpec({
        subProjectName: '测试',
        spec: { containers: [written] },
        files: [probes[probe]],
      }),
    ).toEqual([])
  })

  it.each([
    [90, '90 秒', '90 s'],
    [60, '1 分钟（60 秒）', '1 minute (60 s)'],
  ])('prints a limit of %i s as “%s”', (maxDurationSeconds, zh, en) => {
    const [violation] = checkSpec({
      subProjectName: '测试',
      spec: { maxDurationSeconds },
      files: [probes.long],
    })

    expect(violation?.message).toBe(
      `视频时长 200 秒，超过“测试”允许的 ${zh} / video is 200 s long, longer than the ${en} allowed`,
    )
  })

  describe('a maximum the notice writes as 小于 (exclusive) or 不超过 (inclusive)', () => {
    const atLimit = () => [
      { ...probes.short, durationSeconds: 180.02, sizeBytes: 50 * 1024 * 1024 },
    ]

    it('refuses a clip of exactly 3 minutes and a file of exactly 50 MB for Linfen (小于)', () => {
      expect(checkSpec({ ...linfenMicroVideo, files: atLimit() })).toEqual([
        {
          path: 'media.0',
          code: 'duration-too-long',
          message:
            '视频时长 180 秒，“网络正能量微视频征集”要求短于 3 分钟（180 秒） / video is 180 s long; "网络正能量微视频征集" requires less than 3 minutes (180 s)',
        },
        {
          path: 'media.0',
          code: 'file-too-large',
          message:
            '文件大小 50.0 MB，“网络正能量微视频征集”要求小于 50 MB / the file is 50.0 MB; "网络正能量微视频征集" requires less than 50 MB',
        },
      ])
    })

    it('takes both at the limit where the maximum is inclusive (不超过)', () => {
      expect(
        checkSpec({
          subProjectName: '测试',
          spec: { maxDurationSeconds: 180, maxFileSizeMB: 50 },
          files: atLimit(),
        }),
      ).toEqual([])
    })
  })

  describe('declarations: 真人真事, 原创 and the organizer’s own', () => {
    const spec = {
      originalityRequired: true,
      declarations: [{ text: '作品不涉及商业广告' }, { text: '同意主办方在网上展示作品' }],
    }

    it('refuses each declaration not made, naming it', () => {
      expect(
        checkSpec({
          subProjectName: '测试',
          spec,
          files: [],
          isOriginal: false,
          declarations: ['同意主办方在网上展示作品'],
        }),
      ).toEqual([
        {
          path: 'isOriginal',
          code: 'originality-missing',
          message: '“测试”要求声明作品为原创 / "测试" requires declaring the work original',
        },
        {
          path: 'declarations',
          code: 'declaration-missing',
          message:
            '“测试”要求声明：“作品不涉及商业广告” / "测试" requires the declaration “作品不涉及商业广告”',
        },
      ])
    })

    it('takes an entry making them all, word for word', () => {
      expect(
        checkSpec({
          subProjectName: '测试',
          spec,
          files: [],
          isOriginal: true,
          declarations: [' 作品不涉及商业广告 ', '同意主办方在网上展示作品'],
        }),
      ).toEqual([])
    })
  })

  it('checks nothing a spec does not ask for', () => {
    expect(
      checkSpec({
        subProjectName: '测试',
        spec: null,
        files: [probes.pngNamedMp4, probes.oversized],
        text: '',
      }),
    ).toEqual([])
  })
})
