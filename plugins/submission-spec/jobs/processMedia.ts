import type { PayloadRequest, TaskConfig } from 'payload'

import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { commitTransaction, createLocalReq, initTransaction, killTransaction } from 'payload'
import sharp from 'sharp'

import type { ResolvedOptions } from '../types'

import { cutToBytes } from '../../shared/fileName'
import { runTool } from '../../shared/runTool'
import {
  dropCarriedFile,
  isStoredLocally,
  localPathOf,
  withLocalCopy,
} from '../../shared/storedFile'
import { mediaTools } from '../../shared/tools'

type MediaDoc = {
  id: number
  filename?: string | null
  mediaKind?: string | null
  probe?: { durationSeconds?: number; frameRate?: number } | null
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
      const count = await makeRenditions({ mediaId, options, req })
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

/**
 * Makes the renditions and stores them with the outcome, all in one transaction of the job's own
 * (one commit, not one per rendition): the new renditions, the media document's status and
 * thumbnail URL, then the earlier renditions' removal. Returns how many were made.
 */
const makeRenditions = async ({
  mediaId,
  options,
  req,
}: {
  mediaId: number
  options: ResolvedOptions
  req: PayloadRequest
}): Promise<number> => {
  const { payload } = req
  const media = (await payload.findByID({
    collection: options.slugs.media,
    id: mediaId,
    depth: 0,
    select: { filename: true, mediaKind: true, probe: true },
    req,
  })) as unknown as MediaDoc
  if (!media.filename) {
    throw new Error(`媒体 ${mediaId} 没有文件 / media ${mediaId} has no file`)
  }
  // Room for the rendition's suffix (`-wechat-cover.jpg`) and Payload's `-1` within 255 bytes.
  const base = cutToBytes(path.parse(media.filename).name, 200)

  if (media.mediaKind !== 'video' && media.mediaKind !== 'image') {
    await setStatus({ req, options, mediaId, status: 'done', error: null })
    return 0
  }

  // Not the job's req: the runner shares it among the jobs it runs in parallel, and an upload
  // keeps its file on the req, so two jobs writing files at once would swap them. A req of its
  // own with a transaction of its own: one commit for everything the job writes.
  const writeReq = await createLocalReq({ context: { skipMediaProcessing: true } }, payload)
  const ownNames = ['poster', ...options.imageSizes.map((size) => size.name)]
  // The writes run one after another on the transaction's connection, each while the next size
  // is being made: sharp works in its own threads, so the database round trips and file writes
  // are waited for alongside it rather than after it.
  const writes = serialQueue()
  const stored: string[] = []
  let ownsTransaction = false
  let earlier: number[] = []
  let count = 0
  let isStatusWritten = false
  // One write for the outcome: the status, and the thumbnail's URL when there is one. Made as soon
  // as the thumbnail is stored, so it too is waited for while sharp works; no one sees it before
  // the commit, after the last rendition.
  const writeStatus = (thumbnailURL?: string | null) => {
    isStatusWritten = true
    return setStatus({
      req: writeReq,
      options,
      mediaId,
      status: 'done',
      error: null,
      ...(thumbnailURL !== undefined ? { thumbnailURL } : {}),
    })
  }
  writes.add(async () => {
    ownsTransaction = await initTransaction(writeReq)
    // Only this job's own renditions are replaced: other plugins keep theirs here too (the
    // intro version of a video).
    const { docs } = (await payload.find({
      collection: options.slugs.renditions,
      where: { and: [{ original: { equals: mediaId } }, { name: { in: ownNames } }] },
      depth: 0,
      limit: 0,
      pagination: false,
      select: { name: true } as never,
      req: writeReq,
    })) as unknown as { docs: { id: number | string }[] }
    earlier = docs.map((doc) => Number(doc.id))
  })
  const store = (rendition: Rendition) => {
    count += 1
    writes.add(async () => {
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
          name: `${base}-${rendition.name}.jpg`,
          size: rendition.data.length,
        },
        // The original is not needed back: no relationship read per rendition.
        depth: 0,
        req: writeReq,
      })) as { filename?: string | null; url?: string | null }
      // The status update of the original follows on this req: it must not store this file.
      dropCarriedFile(writeReq)
      if (doc.filename) {
        stored.push(doc.filename)
      }
      if (rendition.name === 'thumbnail') {
        await writeStatus(doc.url ?? null)
      }
    })
  }

  try {
    // On this server's disk, or a temp copy from the bucket while the renditions are made.
    await withLocalCopy({
      payload,
      collection: options.slugs.media,
      doc: media,
      req,
      work: async (originalPath) => {
        let imageSource: Buffer | string = originalPath
        if (media.mediaKind === 'video') {
          const poster = await posterFrame({
            videoPath: originalPath,
            durationSeconds: media.probe?.durationSeconds,
            frameRate: media.probe?.frameRate,
          })
          const meta = await sharp(poster).metadata()
          store({ name: 'poster', data: poster, width: meta.width ?? 0, height: meta.height ?? 0 })
          imageSource = poster
        }
        for (const size of options.imageSizes) {
          // rotate() applies the EXIF orientation; sharp writes no metadata unless asked, so EXIF (GPS included) is gone.
          const { data, info } = await sharp(imageSource)
            .rotate()
            .resize(size.width, size.height, { fit: 'cover', position: 'attention' })
            .jpeg({ quality: 82, mozjpeg: true })
            .toBuffer({ resolveWithObject: true })
          store({ name: size.name, data, width: info.width, height: info.height })
        }
      },
    })
    writes.add(async () => {
      if (!isStatusWritten) {
        await writeStatus()
      }
      // After the new ones exist; in the same transaction, so readers never see neither.
      if (earlier.length) {
        await payload.delete({
          collection: options.slugs.renditions,
          where: { id: { in: earlier } },
          depth: 0,
          req: writeReq,
        })
      }
      if (ownsTransaction) {
        await commitTransaction(writeReq)
      }
    })
    await writes.done()
  } catch (err) {
    // Whatever was queued behind a failure did not run; what ran is rolled back.
    await writes.settled()
    await killTransaction(writeReq)
    // The rows are gone with the rollback; their files are not. (Files a storage adapter already
    // put in its bucket stay, named by no row: never served, overwritten when the job is retried.)
    const collection = options.slugs.renditions
    if (isStoredLocally({ payload, collection })) {
      await Promise.all(
        stored.map((filename) =>
          fs.rm(localPathOf({ payload, collection, filename }), { force: true }),
        ),
      )
    }
    throw err
  }
  return count
}

type Rendition = { name: string; data: Buffer; width: number; height: number }

/**
 * Tasks run one after another in the order added, without being awaited one by one. After a
 * failure the rest are skipped; `done` rejects with the first failure, `settled` never rejects.
 */
const serialQueue = () => {
  let tail: Promise<void> = Promise.resolve()
  let failure: { error: unknown } | undefined
  return {
    add: (task: () => Promise<void>) => {
      tail = tail
        .then(() => (failure ? undefined : task()))
        .catch((error: unknown) => {
          failure ??= { error }
        })
    },
    done: async () => {
      await tail
      if (failure) {
        throw failure.error
      }
    },
    settled: () => tail,
  }
}

/**
 * One frame a second in (or from the middle of a shorter clip), as a JPEG. A clip with a frame or
 * two (1 s at 1 fps) has none at that time, and ffmpeg then writes nothing without failing: the
 * time is kept before the last frame, and the first frame is taken when there is still none.
 */
const posterFrame = async ({
  videoPath,
  durationSeconds,
  frameRate,
}: {
  videoPath: string
  durationSeconds?: number
  frameRate?: number
}) => {
  const { ffmpeg } = await mediaTools()
  const lastFrameAt = Math.max(0, (durationSeconds ?? 2) - 1 / (frameRate || 25))
  const at = Math.min(1, lastFrameAt / 2)
  const out = path.join(os.tmpdir(), `poster-${randomBytes(8).toString('hex')}.jpg`)
  const grab = (seconds: number) =>
    runTool({
      command: ffmpeg,
      args: [
        '-v',
        'error',
        ...(seconds > 0 ? ['-ss', seconds.toFixed(2)] : []),
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
  try {
    await grab(at)
    const frame = await fs.readFile(out).catch(() => undefined)
    if (frame?.length) {
      return frame
    }
    await grab(0)
    const first = await fs.readFile(out).catch(() => undefined)
    if (!first?.length) {
      throw new Error(
        '视频中没有可用的画面，无法生成封面 / the video has no frame to make a poster of',
      )
    }
    return first
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
