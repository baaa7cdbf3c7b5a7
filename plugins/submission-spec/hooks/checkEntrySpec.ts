import type { CollectionBeforeChangeHook } from 'payload'

import { ValidationError } from 'payload'
import { extractID } from 'payload/shared'

import type { ResolvedOptions } from '../types'
import type { MediaProbe } from '../utilities/probe'
import type { SubmissionSpec, Violation } from '../utilities/checkSpec'

import { checkSpec } from '../utilities/checkSpec'
import { probeMedia } from '../utilities/probe'
import { withLocalCopy } from '../../shared/storedFile'

/** What a draft may still lack: it is checked for them once it moves on. */
const unfinishedDraftCodes = new Set([
  'media-missing',
  'too-few-photos',
  'text-too-short',
  'authenticity-missing',
  'originality-missing',
  'declaration-missing',
])

type MediaDoc = { id: number; filename?: string | null; probe?: MediaProbe | null }

/**
 * Checks an entry against its sub-project's 作品要求 on every create and update: the files'
 * kind, container, duration, size and subtitles, the text's length and the declarations
 * (真人真事, 原创, the organizer's own). Every violation comes back at once, with the measured value and the limit.
 */
export const checkEntrySpec =
  ({ slugs }: ResolvedOptions): CollectionBeforeChangeHook =>
  async ({ data, originalDoc, req }) => {
    const subProjectValue: number | { id: number } | null | undefined =
      data.subProject ?? originalDoc?.subProject
    const subProjectId = subProjectValue ? extractID(subProjectValue) : undefined
    if (!subProjectId) {
      return data
    }
    const subProject = (await req.payload.findByID({
      collection: slugs.subProjects,
      id: subProjectId,
      depth: 0,
      draft: true,
      req,
    })) as { name: string; spec?: SubmissionSpec | null }
    const pick = <K extends string>(key: K) =>
      data[key] !== undefined ? data[key] : originalDoc?.[key]
    const mediaIds = (
      (pick('media') as (number | { id: number } | null)[] | null | undefined) ?? []
    ).flatMap((value) => (value ? [extractID(value)] : []))
    const violations = checkSpec({
      subProjectName: subProject.name,
      spec: subProject.spec,
      files: await probesOf({ mediaIds, slugs, req }),
      text: pick('text') as string | null | undefined,
      isAuthentic: pick('isAuthentic') as boolean | null | undefined,
      isOriginal: pick('isOriginal') as boolean | null | undefined,
      declarations: pick('declarations') as string[] | null | undefined,
    })
    const isDraft = (pick('status') ?? 'draft') === 'draft'
    const refused: Violation[] = isDraft
      ? violations.filter((v) => !unfinishedDraftCodes.has(v.code))
      : violations
    if (refused.length) {
      throw new ValidationError({
        collection: slugs.entries,
        errors: refused.map(({ path: field, message }) => ({ path: field, message })),
      })
    }
    return data
  }

/** The stored probe of each file, in the entry's order; files stored before probing existed are probed now. */
const probesOf = async ({
  mediaIds,
  slugs,
  req,
}: {
  mediaIds: number[]
  slugs: ResolvedOptions['slugs']
  req: Parameters<CollectionBeforeChangeHook>[0]['req']
}): Promise<MediaProbe[]> => {
  if (!mediaIds.length) {
    return []
  }
  const { docs } = (await req.payload.find({
    collection: slugs.media,
    where: { id: { in: mediaIds } },
    depth: 0,
    limit: mediaIds.length,
    req,
  })) as unknown as { docs: MediaDoc[] }
  return Promise.all(
    mediaIds
      .map((id) => docs.find((doc) => doc.id === id))
      .filter((doc): doc is MediaDoc => Boolean(doc))
      .map(
        (doc) =>
          doc.probe ??
          withLocalCopy({
            payload: req.payload,
            collection: slugs.media,
            doc,
            req,
            work: (filePath) => probeMedia(filePath),
          }),
      ),
  )
}
