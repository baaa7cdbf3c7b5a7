/**
 * `npm run bench:media`: the media pipeline's cost over the tools it drives.
 *
 * - Image renditions: the app's `processMedia` job (through the Local API's queue, one job at a
 *   time, on a Payload booted in this process on a bench database) against sharp called directly
 *   with the same operations on the same files. Both write their four sizes to disk.
 * - Intro clip: the ffmpeg command that prepends a campaign's intro to a work, run directly; the
 *   job that does it comes with the four-unifications plugin (pending).
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import sharp from 'sharp'

import type { Payload } from 'payload'

import type { PartResult, Ratio } from './lib/results'

import { defaultImageSizes } from '../plugins/submission-spec/types'
import { runTool } from '../plugins/submission-spec/utilities/runTool'
import { mediaTools } from '../plugins/submission-spec/utilities/tools'
import { bootBenchPayload } from './lib/benchPayload'
import { makeDataDir, median, removeDataDir, say, since } from './lib/env'
import { machineInfo, writeResult } from './lib/results'
import { fmt, markdownTable, ratio, ratiosTable } from './lib/table'

/** Photos per run (`BENCH_MEDIA_IMAGES`). @default 20 */
const imageCount = Number(process.env.BENCH_MEDIA_IMAGES || 20)
/** Works the intro is prepended to (`BENCH_MEDIA_CLIPS`). @default 3 */
const clipCount = Number(process.env.BENCH_MEDIA_CLIPS || 3)
const photo = { width: 2000, height: 1500 }

/** Per-item wall times of one path, milliseconds. */
export type Timings = { perItemMs: number[]; medianMs: number; meanMs: number; totalMs: number }

const timings = (perItemMs: number[]): Timings => {
  const totalMs = perItemMs.reduce((a, b) => a + b, 0)
  return { perItemMs, medianMs: median(perItemMs), meanMs: totalMs / perItemMs.length, totalMs }
}

/**
 * The renditions pipeline of plugins/submission-spec/jobs/processMedia.ts (`makeRenditions`),
 * replicated because the job exports no function for it: EXIF rotation, cover crop with
 * attention, mozjpeg at quality 82, per size. Keep in step with the job.
 */
export const renderDirect = async ({ source, outDir }: { source: string; outDir: string }): Promise<void> => {
  const base = path.parse(source).name
  for (const size of defaultImageSizes) {
    const { data } = await sharp(source)
      .rotate()
      .resize(size.width, size.height, { fit: 'cover', position: 'attention' })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true })
    await fs.writeFile(path.join(outDir, `${base}-${size.name}.jpg`), data)
  }
}

/**
 * The intro prepend as one ffmpeg run: both inputs scaled to 1280×720 at 25 fps, joined with the
 * concat filter (intro and work rarely share codecs and sizes, so stream copy is not an option)
 * and encoded H.264/AAC. The four-unifications job is expected to run this same command.
 */
export const introConcatArgs = ({ intro, work, out }: { intro: string; work: string; out: string }): string[] => [
  '-v', 'error', '-y',
  '-i', intro,
  '-i', work,
  '-filter_complex',
  '[0:v]scale=1280:720:force_original_aspect_ratio=decrease,pad=1280:720:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=25[v0];' +
    '[1:v]scale=1280:720:force_original_aspect_ratio=decrease,pad=1280:720:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=25[v1];' +
    '[0:a]aresample=44100[a0];[1:a]aresample=44100[a1];[v0][a0][v1][a1]concat=n=2:v=1:a=1[v][a]',
  '-map', '[v]', '-map', '[a]',
  '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p',
  '-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart',
  out,
]

/** A 2000×1500 "photo": a gradient scene with grain, so JPEG decoding costs what a real one does. */
const makePhoto = async ({ file, index }: { file: string; index: number }) => {
  const hue = (index * 37) % 360
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${photo.width}" height="${photo.height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="hsl(${hue},60%,70%)"/><stop offset="1" stop-color="hsl(${(hue + 120) % 360},50%,30%)"/>
    </linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${600 + index * 40}" cy="700" r="380" fill="hsl(${(hue + 60) % 360},70%,55%)" opacity="0.8"/>
    <rect x="1100" y="300" width="600" height="900" rx="40" fill="hsl(${(hue + 200) % 360},40%,45%)" opacity="0.7"/>
  </svg>`
  const grain = await sharp({ create: { width: photo.width, height: photo.height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 24 } } })
    .png()
    .toBuffer()
  await sharp(Buffer.from(svg))
    .composite([{ input: grain, blend: 'overlay' }])
    .jpeg({ quality: 88 })
    .toFile(file)
}

const makeClip = async ({ ffmpeg, file, seconds, pattern }: { ffmpeg: string; file: string; seconds: number; pattern: string }) => {
  await runTool({
    command: ffmpeg,
    args: [
      '-v', 'error', '-y',
      '-f', 'lavfi', '-i', `${pattern}=size=1280x720:rate=25`,
      '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
      '-t', String(seconds),
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', file,
    ],
    timeoutMs: 120_000,
  })
}

/** Runs queued jobs one at a time, timing each, until `count` have run. */
const runJobsTimed = async ({ payload, count }: { payload: Payload; count: number }): Promise<number[]> => {
  const perJob: number[] = []
  while (perJob.length < count) {
    const started = performance.now()
    const result = await payload.jobs.run({ allQueues: true, limit: 1, sequential: true })
    const ms = since(started)
    if (result.noJobsRemaining) {
      throw new Error(`only ${perJob.length} of ${count} jobs were queued`)
    }
    perJob.push(ms)
  }
  return perJob
}

export const runMedia = async (): Promise<PartResult> => {
  const started = performance.now()
  const dataDir = await makeDataDir('media')
  try {
    const mediaDir = path.join(dataDir, 'media')
    const fixturesDir = path.join(dataDir, 'fixtures')
    const directDir = path.join(dataDir, 'direct')
    await Promise.all([fixturesDir, directDir, mediaDir].map((d) => fs.mkdir(d, { recursive: true })))

    say(`media: ${imageCount} photos of ${photo.width}×${photo.height}`)
    const photos: string[] = []
    for (let i = 0; i < imageCount; i++) {
      const file = path.join(fixturesDir, `photo-${String(i).padStart(2, '0')}.jpg`)
      await makePhoto({ file, index: i })
      photos.push(file)
    }
    const photoBytes = (await Promise.all(photos.map((p) => fs.stat(p)))).reduce((sum, s) => sum + s.size, 0) / photos.length

    const bench = await bootBenchPayload({ dataDir, env: { MEDIA_DIR: mediaDir } })
    let job: Timings
    let direct: Timings
    let renditionsMade: number
    try {
      const { payload } = bench
      // Uploads (probe included) are not timed: each queues one processMedia job.
      for (const file of photos) {
        const data = await fs.readFile(file)
        await payload.create({
          collection: 'media',
          data: { alt: path.basename(file) },
          file: { data, mimetype: 'image/jpeg', name: path.basename(file), size: data.length },
        })
      }
      // Warm-up, discarded: sharp's first calls load libvips and its codecs.
      await renderDirect({ source: photos[0]!, outDir: directDir })

      say('media: renditions, sharp directly')
      const directTimes: number[] = []
      for (const file of photos) {
        const t = performance.now()
        await renderDirect({ source: file, outDir: directDir })
        directTimes.push(since(t))
      }
      direct = timings(directTimes)

      say('media: renditions, through the processMedia job')
      job = timings(await runJobsTimed({ payload, count: photos.length }))
      renditionsMade = (await payload.count({ collection: 'renditions' })).totalDocs
      if (renditionsMade !== photos.length * defaultImageSizes.length) {
        throw new Error(`the jobs made ${renditionsMade} renditions, expected ${photos.length * defaultImageSizes.length}`)
      }
    } finally {
      await bench.close()
    }

    say(`media: intro prepend on ${clipCount} works, ffmpeg directly`)
    const { ffmpeg } = await mediaTools()
    const intro = path.join(fixturesDir, 'intro.mp4')
    await makeClip({ ffmpeg, file: intro, seconds: 3, pattern: 'testsrc2' })
    const introTimes: number[] = []
    for (let i = 0; i < clipCount; i++) {
      const work = path.join(fixturesDir, `work-${i}.mp4`)
      await makeClip({ ffmpeg, file: work, seconds: 10, pattern: 'mandelbrot' })
      const t = performance.now()
      await runTool({ command: ffmpeg, args: introConcatArgs({ intro, work, out: path.join(directDir, `work-${i}-with-intro.mp4`) }), timeoutMs: 300_000 })
      introTimes.push(since(t))
    }
    const introDirect = timings(introTimes)

    const pendingIntro = 'intro-prepend job not built yet (four-unifications plugin)'
    const ratios: Ratio[] = [
      ratio({ name: 'image renditions: job / sharp directly (median per photo)', a: job.medianMs, b: direct.medianMs, target: '≤ 1.1', check: (v) => v <= 1.1 }),
      ratio({ name: 'intro prepend: job / ffmpeg directly (median per work)', a: null, b: introDirect.medianMs, target: '≤ 1.1', pending: pendingIntro }),
    ]
    const table = markdownTable(
      ['case', 'path', 'items', 'median ms / item', 'mean ms / item', 'total s'],
      [
        ['image renditions (4 sizes)', 'sharp directly', photos.length, fmt(direct.medianMs, 0), fmt(direct.meanMs, 0), fmt(direct.totalMs / 1000, 1)],
        ['image renditions (4 sizes)', 'processMedia job', photos.length, fmt(job.medianMs, 0), fmt(job.meanMs, 0), fmt(job.totalMs / 1000, 1)],
        ['intro prepend (3 s intro + 10 s work, 720p)', 'ffmpeg directly', clipCount, fmt(introDirect.medianMs, 0), fmt(introDirect.meanMs, 0), fmt(introDirect.totalMs / 1000, 1)],
        ['intro prepend (3 s intro + 10 s work, 720p)', `job: n/a (${pendingIntro})`, 'n/a', 'n/a', 'n/a', 'n/a'],
      ],
    )
    const overheadMs = job.medianMs - direct.medianMs
    const notes = [
      `Photos: ${photos.length} JPEGs of ${photo.width}×${photo.height} (about ${(photoBytes / 1024).toFixed(0)} KB each), made with sharp; four sizes each (${defaultImageSizes.map((s) => `${s.name} ${s.width}×${s.height}`).join(', ')}).`,
      'Direct: the job’s sharp pipeline (rotate, cover resize with attention, mozjpeg q82) on the same file, written to disk. Job: `payload.jobs.run({ limit: 1, sequential: true })` per photo, timed from the queue query to the job’s completion — the sharp work plus storing four rendition uploads (Payload’s upload handling reads each file again), their rows, the old-rendition cleanup, the thumbnail URL and status updates, and the job’s own bookkeeping.',
      `Job overhead over sharp: ${fmt(overheadMs, 0)} ms per photo (median).`,
      'Intro: one ffmpeg run per work (scale both to 1280×720, concat filter, libx264 veryfast crf 23 + AAC 128k, `introConcatArgs`). When the job lands it should run the same command (or this baseline should be changed to the job’s), so the ratio measures the job’s own cost.',
    ]
    return {
      part: 'media',
      title: 'Media',
      machine: machineInfo(),
      wallS: since(started) / 1000,
      tables: [table, ratiosTable(ratios)],
      notes,
      ratios,
      data: { photos: photos.length, photoBytes, direct, job, renditionsMade, introDirect, introJob: null },
    }
  } finally {
    if (!process.env.BENCH_KEEP) {
      await removeDataDir(dataDir)
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await runMedia()
  const file = await writeResult(result)
  process.stdout.write(`## ${result.title}\n\n${result.tables.join('\n\n')}\n\n${result.notes.map((n) => `- ${n}`).join('\n')}\n\n(${file}, ${result.wallS.toFixed(0)} s)\n`)
  process.exit(0)
}
