import type { CollectionBeforeChangeHook } from 'payload'

import { ValidationError } from 'payload'
import { extractID } from 'payload/shared'

import type { Organizer } from '../../../src/payload-types'

/**
 * Stores the ancestor chain in `path` and refuses a parent that would close a loop: the unit
 * itself, or any unit below it.
 */
export const setPath: CollectionBeforeChangeHook<Organizer> = async ({
  data,
  originalDoc,
  req,
  operation,
}) => {
  const parentValue = data.parent !== undefined ? data.parent : originalDoc?.parent
  const parentId = parentValue ? extractID(parentValue) : undefined
  const ownId = operation === 'update' ? originalDoc?.id : undefined
  if (!parentId) {
    data.path = ownId ? `/${ownId}/` : undefined
    return data
  }
  const parent = await req.payload.findByID({
    collection: 'organizers',
    id: parentId,
    depth: 0,
    req,
  })
  if (ownId && (parentId === ownId || parent.path?.includes(`/${ownId}/`))) {
    throw new ValidationError({
      collection: 'organizers',
      errors: [
        {
          path: 'parent',
          message: `上级单位“${parent.name}”是本单位或其下级，会形成循环 / "${parent.name}" is this unit or below it: that would make a cycle`,
        },
      ],
    })
  }
  const parentPath = parent.path ?? `/${parent.id}/`
  data.path = ownId ? `${parentPath}${ownId}/` : parentPath
  return data
}
