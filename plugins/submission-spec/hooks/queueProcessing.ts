import type { CollectionAfterChangeHook, TaskType } from 'payload'

/**
 * Every new or replaced file gets its renditions made by a background job, so the upload
 * answers at once and a failure is retried. `context.skipMediaProcessing` turns it off for bulk work.
 */
export const queueProcessing =
  ({ taskSlug }: { taskSlug: TaskType }): CollectionAfterChangeHook =>
  async ({ doc, previousDoc, operation, req }) => {
    const isNewFile = operation === 'create' || doc.filename !== previousDoc?.filename
    if (!isNewFile || req.context.skipMediaProcessing) {
      return doc
    }
    await req.payload.jobs.queue({ task: taskSlug, input: { media: doc.id }, req })
    return doc
  }
