import type { PayloadRequest, TaskConfig } from 'payload'

import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'

import type { ResolvedOptions } from '../types'

import { cutToBytes } from '../../shared/fileName'
import { mediaPaths } from '../utilities/mediaPaths'
import { runTool } from '../../shared/runTool'
import { mediaTools } from '../../shared/tools'

type MediaDoc = {
  id: number
  filename?: string | null
  mediaKind?: string | null
  probe?: { durationSeconds?: number } | null
}

/**
 * Makes an upload's renditions: the image sizes of a picture (orientation applied from EXIF,
 * metadata stripped), or a video's poster frame and the image sizes of that frame. Earlier
 * renditions of the same file are replaced; the original is only read. A failure is thrown so
 * the queue retries it, and recorded on the media document so editors see it.
 */
export const processMediaTask = (options: ResolvedOptions): TaskConfig => ({
  slug: options.processTaskSlug,
  label: '生成衍生文件 / Make renditions',
  retries: { attempts: 3, backoff: { type: 'exponential', delay: 2_000 } },
  inputSchema: [{ name: 'media', type: 'number', required: true }],
  outputSchema: [{ name: 'renditions', type: 'number' }],
  handler: async ({ input, req }) => {
    const mediaId = Number((input as { media: number }).media)
    try {
      const { count, thumbnailURL } = await makeRenditions({ mediaId, options, req })
      // One write for the outcome: the status, and the thumbnail's URL when there is one.
      await setStatus({
        req,
        options,
        mediaId,
        status: 'done',
        error: null,
        ...(thumbnailURL !== undefined ? { thumbnailURL } : {}),
      })
      return { output: { renditions: count } }
    } catch (err) {
      // Outside the job's transaction, which the queue rolls back on failure.
      await setStatus({
        req: { payload: req.payload } as PayloadRequest,
        options,
        mediaId,
        status: 'failed',
        error: (err as Error).message.slice(0, 500),
      })
      throw err
    }
  },
})

const makeRenditions = async ({
  mediaId,
  options,
  req,
}: {
  mediaId: number
  options: ResolvedOptions
  req: PayloadRequest
}): Promise<{ count: number; thumbnailURL?: string | null }> => {
  const { payload } = req
  const media = (await payload.findByID({
    collection: options.slugs.media,
    id: mediaId,
    depth: 0,
    req,
  })) as unknown as MediaDoc
  if (!media.filename) {
    throw new Error(`媒体 ${mediaId} 没有文件 / media ${mediaId} has no file`)
  }
  const originalPath = mediaPaths({ payload, options, filename: media.filename }).stored
  // Room for the rendition's suffix (`-wechat-cover.jpg`) and Payload's `-1` within 255 bytes.
  const base = cutToBytes(path.parse(media.filename).name, 200)

  const made: { name: string; data: Buffer; ext: string; width: number; height: number }[] = []
  let imageSource: Buffer | string = originalPath
  if (media.mediaKind === 'video') {
    const poster = await posterFrame({
      videoPath: originalPath,
      durationSeconds: media.probe?.durationSeconds,
    })
    const meta = await sharp(poster).metadata()
    made.push({
      name: 'poster',
      data: poster,
      ext: 'jpg',
      width: meta.width ?? 0,
      height: meta.height ?? 0,
    })
    imageSource = poster
  } else if (media.mediaKind !== 'image') {
    return { count: 0 }
  }
  for (const size of options.imageSizes) {
    // rotate() applies the EXIF orientation; sharp writes no metadata unless asked, so EXIF (GPS included) is gone.
    const { data, info } = await sharp(imageSource)
      .rotate()
      .resize(size.width, size.height, { fit: 'cover', position: 'attention' })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true })
    made.push({ name: size.name, data, ext: 'jpg', width: info.width, height: info.height })
  }

  // Replace what an earlier run made, so re-processing never leaves two of a size. Only this
  // job's own renditions: other plugins keep theirs here too (the intro-clip version of a video).
  await payload.delete({
    collection: options.slugs.renditions,
    where: {
      and: [
        { original: { equals: mediaId } },
        { name: { in: ['poster', ...options.imageSizes.map((size) => size.name)] } },
      ],
    },
    req,
  })
  let thumbnailURL: string | null = null
  for (const rendition of made) {
    const doc = (await payload.create({
      collection: options.slugs.renditions,
      data: {
        original: mediaId,
        name: rendition.name,
        renditionWidth: rendition.width,
        renditionHeight: rendition.height,
        checksum: createHash('sha256').update(rendition.data).digest('hex'),
      } as never,
      file: {
        data: rendition.data,
        mimetype: 'image/jpeg',
        name: `${base}-${rendition.name}.${rendition.ext}`,
        size: rendition.data.length,
      },
      // The original is not needed back: no relationship read per rendition.
      depth: 0,
      // Not the job's req: the runner shares one req among the jobs it runs in parallel, and an
      // upload keeps its file on the req, so two jobs writing files at once would swap them.
    })) as { url?: string | null }
    if (rendition.name === 'thumbnail') {
      thumbnailURL = doc.url ?? null
    }
  }
  return { count: made.length, thumbnailURL }
}

/** One frame a second in (or from the middle of a shorter clip), as a JPEG. */
const posterFrame = async ({
  videoPath,
  durationSeconds,
}: {
  videoPath: string
  durationSeconds?: number
}) => {
  const { ffmpeg } = await mediaTools()
  const at = Math.min(1, (durationSeconds ?? 2) / 2)
  const out = path.join(os.tmpdir(), `poster-${randomBytes(8).toString('hex')}.jpg`)
  try {
    await runTool({
      command: ffmpeg,
      args: [
        '-v',
        'error',
        '-ss',
        at.toFixed(2),
        '-i',
        videoPath,
        '-frames:v',
        '1',
        '-q:v',
        '3',
        '-y',
        out,
      ],
      timeoutMs: 60_000,
    })
    return await fs.readFile(out)
  } finally {
    await fs.rm(out, { force: true })
  }
}

const setStatus = async ({
  req,
  options,
  mediaId,
  status,
  error,
  thumbnailURL,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  mediaId: number
  status: 'done' | 'failed'
  error: string | null
  thumbnailURL?: string | null
}) => {
  const write = req.payload.update({
    collection: options.slugs.media,
    id: mediaId,
    data: {
      processing: { status, error },
      ...(thumbnailURL !== undefined ? { thumbnailURL } : {}),
    } as never,
    depth: 0,
    context: { skipMediaProcessing: true },
    ...(req.transactionID !== undefined || req.user !== undefined ? { req } : {}),
  })
  if (status === 'done') {
    // Part of the job: if it cannot be written, the job fails and is retried.
    await write
    return
  }
  await write.catch((err: unknown) =>
    req.payload.logger.warn({ msg: 'could not record media processing status', mediaId, err }),
  )
}
