import type { CollectionAfterChangeHook } from 'payload'

import type { Organizer } from '../../../src/payload-types'

/**
 * After a create, the new id completes the path; after a move, every unit below follows.
 * Each child's own update runs this hook again, so the whole subtree is rewritten level by level.
 */
export const keepDescendantPaths: CollectionAfterChangeHook<Organizer> = async ({
  doc,
  previousDoc,
  operation,
  req,
}) => {
  if (operation === 'create') {
    const path = `${doc.path ?? '/'}${doc.id}/`
    await req.payload.update({
      collection: 'organizers',
      id: doc.id,
      data: { path },
      depth: 0,
      req,
    })
    return { ...doc, path }
  }
  if (previousDoc?.path === doc.path) {
    return doc
  }
  const { docs: children } = await req.payload.find({
    collection: 'organizers',
    where: { parent: { equals: doc.id } },
    limit: 0,
    depth: 0,
    req,
  })
  for (const child of children) {
    // Re-saving the parent recomputes the child's path from ours (see setPath).
    await req.payload.update({
      collection: 'organizers',
      id: child.id,
      data: { parent: doc.id },
      depth: 0,
      req,
    })
  }
  return doc
}
