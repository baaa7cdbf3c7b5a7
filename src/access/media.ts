import type { Access, CollectionConfig, FieldAccess, PayloadRequest, Where } from 'payload'

import { actorOf, anyOf, hostedCampaignIds, inSubtree, isStaff, nothing } from './roles'

/**
 * Who reads an uploaded file (the media document, its `/file/`, its renditions). A file is as
 * visible as the documents that use it, by the bookkeeping the submission-spec plugin keeps on
 * each media document (`usage`, `uploadedBy`):
 * - the public and partner keys: files used by something published (`usage.isPublic`);
 * - unit editors: those, files of works and profiles of their subtree, and their own uploads;
 * - organizers: the same, and files of the campaigns their unit hosts (works, profiles,
 *   notices, the campaign's intro clip and logo);
 * - judges: public files and those of the works assigned to them;
 * - the national office: everything.
 * A file used by nothing published and uploaded by staff stays with its uploader (and the office).
 */

type Rules = NonNullable<CollectionConfig['access']>

/**
 * Used by something published, and checked by the upload pipeline (`originalFile.isKept` is set
 * once location metadata was removed or found absent): a file stored before stripping existed
 * stays private until the plugin's `stripStoredMedia` job has been through it.
 */
const publicMedia: Where = {
  and: [{ 'usage.isPublic': { equals: true } }, { 'originalFile.isKept': { exists: true } }],
}

/** What a staff member reaches beyond the public files: `true` for everything, `false` for nothing more. */
const reach = async (req: PayloadRequest): Promise<Where | boolean> => {
  const actor = actorOf(req)
  switch (actor.kind) {
    case 'admin':
      return true
    case 'unit-editor':
      return anyOf(
        { uploadedBy: { equals: actor.userId } },
        inSubtree('usage.units', actor.organizerId),
      )
    case 'organizer': {
      const campaigns = await hostedCampaignIds(req, actor.organizerId)
      return anyOf(
        { uploadedBy: { equals: actor.userId } },
        inSubtree('usage.units', actor.organizerId),
        campaigns.length ? { 'usage.campaigns': { in: campaigns } } : nothing,
      )
    }
    case 'judge':
      return { 'usage.judges': { in: [actor.userId] } }
    default:
      return false
  }
}

/** Reading a file, its document and its renditions: the public files, and the caller's reach. */
export const mediaRead: Access = async ({ req }) => {
  const own = await reach(req)
  if (own === true) {
    return true
  }
  return own === false ? publicMedia : anyOf(publicMedia, own)
}

/**
 * Downloading the untouched original (`GET /api/media/:id/original`, metadata such as GPS
 * included): office staff (admins, organizers, unit editors), within their reach only, never
 * merely because the public copy is published. Not judges: they score the public copy of the
 * works assigned to them, and where a photo was taken is none of their business.
 */
export const mediaOriginalRead: Access = ({ req }) => (isStaff(req) ? reach(req) : false)

/** The bookkeeping fields (`usage`, `uploadedBy`, `originalFile`): office staff who edit content. */
export const mediaUsageRead: FieldAccess = ({ req }) => isStaff(req)

/** Uploads: staff upload; the national office edits and deletes. */
export const mediaRules: Rules = {
  read: mediaRead,
  create: ({ req }) => isStaff(req),
  update: ({ req }) => actorOf(req).kind === 'admin',
  delete: ({ req }) => actorOf(req).kind === 'admin',
}
