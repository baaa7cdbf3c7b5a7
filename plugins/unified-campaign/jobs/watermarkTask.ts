import type { PayloadRequest, TaskConfig } from 'payload'

import { createHash } from 'node:crypto'
import path from 'node:path'

import type { ResolvedOptions } from '../types'

import { campaignSettings } from '../utilities/campaignSettings'
import { renderLabel } from '../utilities/label'
import { watermarkImage } from '../utilities/watermark'

type UploadDoc = { id: number; filename?: string | null; mediaKind?: string | null }

/**
 * Makes the labelled rendition of a photo work: the campaign's label, as titles carry it, drawn
 * into the corner (option 照片水印 of the campaign). A rendition named `label` linked to the
 * original (never changed) and remembering its text, so a new label redoes it. Retried by the
 * queue on failure.
 */
export const watermarkTask = (options: ResolvedOptions): TaskConfig => ({
  slug: options.watermarkTaskSlug as TaskConfig['slug'],
  label: '照片加标识水印 / Watermark a photo with the label',
  retries: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 } },
  inputSchema: [
    { name: 'media', type: 'number', required: true },
    { name: 'campaign', type: 'number', required: true },
  ],
  outputSchema: [{ name: 'rendition', type: 'number' }],
  handler: async ({ input, req }) => {
    const { media, campaign } = input as { media: number; campaign: number }
    return { output: await makeWatermarkRendition({ req, options, mediaId: Number(media), campaignId: Number(campaign) }) }
  },
})

export const makeWatermarkRendition = async ({
  req,
  options,
  mediaId,
  campaignId,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  mediaId: number
  campaignId: number
}): Promise<{ rendition?: number }> => {
  const { payload } = req
  const renditions = options.slugs.renditions as 'media'
  // Read now, not when queued: the label may have changed since.
  delete req.context[`unifiedCampaign:${campaignId}`]
  const settings = await campaignSettings({ req, options, campaign: campaignId })
  const text = settings?.watermarkPhotos && settings.label?.trim() ? renderLabel(settings.label, settings.labelForm) : null
  // Only the rendition with the current label stays (none when the option is off).
  const removeStale = () =>
    payload.delete({
      collection: renditions,
      where: { and: [{ original: { equals: mediaId } }, { name: { equals: 'label' } }, ...(text ? [{ labelText: { not_equals: text } }] : [])] },
    })
  if (!text) {
    await removeStale()
    return {}
  }
  const done = await payload.count({
    collection: renditions,
    where: { and: [{ original: { equals: mediaId } }, { name: { equals: 'label' } }, { labelText: { equals: text } }] },
  })
  if (done.totalDocs > 0) {
    return {}
  }
  const photo = (await payload.findByID({ collection: options.slugs.media as 'media', id: mediaId, depth: 0 })) as unknown as UploadDoc
  if (!photo.filename) {
    throw new Error(`媒体 ${mediaId} 没有文件 / media ${mediaId} has no file`)
  }
  const staticDir = payload.collections[options.slugs.media as 'media'].config.upload.staticDir ?? ''
  const { data, mimeType, width, height } = await watermarkImage({ input: path.join(staticDir, photo.filename), text })
  const base = path.parse(photo.filename).name
  const rendition = await payload.create({
    collection: renditions,
    data: {
      original: mediaId,
      name: 'label',
      labelText: text,
      renditionWidth: width,
      renditionHeight: height,
      checksum: createHash('sha256').update(data).digest('hex'),
    } as never,
    file: { data, mimetype: mimeType, name: `${base}-label.${mimeType === 'image/png' ? 'png' : 'jpg'}`, size: data.length },
    // Not the job's req: the runner shares it among parallel jobs, and an upload keeps its file on it.
  })
  await removeStale()
  return { rendition: Number(rendition.id) }
}
