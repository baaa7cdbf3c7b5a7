import type {
  Access,
  CollectionBeforeChangeHook,
  CollectionSlug,
  PayloadRequest,
  SanitizedConfig,
  Where,
} from 'payload'

import { forbidden, writtenId } from './guards'
import { mayUpdate } from './mayUpdate'
import { actorOf, isStaff, nothing } from './roles'

/**
 * Payload's edit locks (`payload-locked-documents`) are open to anyone logged in by default: a
 * partner key or a judge could lock a document in an editor's name (the editor's save then
 * answers 423) or delete real locks. Here a lock is taken, taken over and released only by the
 * staff member it names, and only on a document that member may edit.
 */
export const lockedDocumentsSlug = 'payload-locked-documents'

type LockRef = { relationTo?: string; value?: unknown }

const ownLocks = (req: PayloadRequest): Where | false => {
  const actor = actorOf(req)
  return 'userId' in actor && isStaff(req)
    ? {
        and: [
          { 'user.relationTo': { equals: 'users' } },
          { 'user.value': { equals: actor.userId } },
        ],
      }
    : false
}

const staffOnly: Access = ({ req }) => isStaff(req)

/**
 * Locks are staff's; a judge's admin pages (its account, the dashboard) still ask Payload for
 * the locks they show, so a logged-in non-staff reader is answered none rather than refused.
 */
const staffLocks: Access = ({ req }) => isStaff(req) || (req.user ? nothing : false)

/** Whether the request's user may update the document, by its collection's own rule. */
const mayEdit = async (req: PayloadRequest, ref: LockRef): Promise<boolean> => {
  const id = writtenId(ref.value)
  return ref.relationTo && id
    ? mayUpdate({ req, collection: ref.relationTo as CollectionSlug, id })
    : false
}

const lockOwnDocumentsOnly: CollectionBeforeChangeHook = async ({ data, originalDoc, req }) => {
  if (!req.user) {
    // The system itself (no user): access has already stopped anonymous requests.
    return data
  }
  const actor = actorOf(req)
  const user = (data.user ?? originalDoc?.user) as LockRef | undefined
  if (
    !('userId' in actor) ||
    user?.relationTo !== 'users' ||
    writtenId(user.value) !== actor.userId
  ) {
    throw forbidden('只能以自己的名义锁定文档 / a lock can only be taken in your own name')
  }
  const document = (data.document ?? originalDoc?.document) as LockRef | undefined
  if (document && !(await mayEdit(req, document))) {
    throw forbidden('只能锁定自己有权编辑的文档 / only documents you may edit can be locked')
  }
  return data
}

/** Applies the lock rules to the sanitized config (Payload adds the collection while sanitizing). */
export const withLockRules = async (config: Promise<SanitizedConfig>): Promise<SanitizedConfig> => {
  const sanitized = await config
  const locks = sanitized.collections.find((collection) => collection.slug === lockedDocumentsSlug)
  if (locks) {
    locks.access = {
      ...locks.access,
      read: staffLocks,
      create: staffOnly,
      // Taking over an editor's lock is Payload's "take over" button: allowed, in one's own name.
      update: staffOnly,
      delete: ({ req }) => ownLocks(req),
    }
    locks.hooks.beforeChange = [...(locks.hooks.beforeChange ?? []), lockOwnDocumentsOnly]
  }
  return sanitized
}
