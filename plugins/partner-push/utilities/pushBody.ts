import type { Payload } from 'payload'

import type { ResolvedOptions } from '../types'
import type { NinjsItem, NinjsRenditionInput } from './ninjs'

import { stripLabel } from '../../unified-campaign/utilities/label'
import { toNinjs } from './ninjs'

type Named = { id: number; name?: string | null; title?: string | null; label?: string | null; year?: number | null }
type MediaDoc = { id: number; url?: string | null; mimeType?: string | null; width?: number | null; height?: number | null; filesize?: number | null; filename?: string | null }
type EntryDoc = {
  id: number
  title: string
  form?: 'graphic' | 'video' | 'h5' | 'panorama' | null
  text?: string | null
  description?: string | null
  createdAt?: string
  updatedAt: string
  authors?: { name: string; unit?: string | null }[] | null
  campaign?: Named | number | null
  subProject?: Named | number | null
  submittingUnit?: Named | number | null
  media?: (MediaDoc | number)[] | null
  bestWork?: { selectedBy?: { name?: string | null; email?: string | null } | number | null } | null
}

const asDoc = <T>(value: T | number | null | undefined): T | null => (value && typeof value === 'object' ? value : null)

/**
 * What a partner receives: the work as a ninjs 2.2 item (the label in the headline, sanitised
 * HTML, files as links) with the attribution every republisher must print in its `x_wangju`
 * extension, plus the event and the partner's sequence number so the receiver can order and
 * deduplicate.
 */
export const buildPushBody = async ({
  payload,
  options,
  entryId,
  delivery,
}: {
  payload: Payload
  options: ResolvedOptions
  entryId: number
  delivery: { event: string; version: number; sequence: number; webhookId: string }
}): Promise<{ event: string; sequence: number; webhookId: string; item: NinjsItem }> => {
  const entry = (await payload.findByID({ collection: options.slugs.entries as 'entries', id: entryId, depth: 1 })) as unknown as EntryDoc
  const campaign = asDoc(entry.campaign)
  const label = campaign?.label ?? null
  const title = label ? stripLabel(entry.title, label) : entry.title
  const authors = (entry.authors ?? []).map((a) => ({ name: a.name, unit: a.unit ?? undefined }))
  const unit = asDoc(entry.submittingUnit)
  const selector = asDoc(entry.bestWork?.selectedBy)
  const renditions: Record<string, NinjsRenditionInput> = {}
  ;(entry.media ?? []).map((m) => asDoc(m)).forEach((media, index) => {
    if (media?.url) {
      renditions[index === 0 ? 'original' : `original-${index + 1}`] = {
        href: new URL(media.url, options.serverURL).toString(),
        contenttype: media.mimeType ?? 'application/octet-stream',
        width: media.width ?? undefined,
        height: media.height ?? undefined,
        sizeinbytes: media.filesize ?? undefined,
      }
    }
  })
  const item = toNinjs({
    entry: {
      id: entry.id,
      title,
      form: entry.form ?? null,
      authors,
      body: entry.text ? { text: entry.text } : null,
      description: entry.description,
      createdAt: entry.createdAt,
      updatedAt: entry.updatedAt,
      subProject: asDoc(entry.subProject) ? { id: asDoc(entry.subProject)!.id, name: asDoc(entry.subProject)!.name ?? '' } : null,
      unit: unit ? { id: unit.id, name: unit.name ?? '' } : null,
    },
    campaign: { id: campaign?.id ?? 0, name: campaign?.name ?? '', year: campaign?.year ?? undefined, label },
    version: delivery.version,
    pubstatus: delivery.event === 'takedown' ? 'canceled' : 'usable',
    attribution: {
      source: unit?.name || campaign?.name || '网聚职工正能量',
      originalAuthor: authors.map((a) => a.name).join('、') || unit?.name || '佚名',
      originalTitle: title,
      responsibleEditor: selector?.name || selector?.email || '全国办公室',
    },
    renditions: delivery.event === 'takedown' ? {} : renditions,
  })
  return { event: delivery.event, sequence: delivery.sequence, webhookId: delivery.webhookId, item }
}
