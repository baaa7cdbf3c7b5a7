import type { CollectionConfig } from 'payload'

import type { ResolvedOptions } from '../types'

/**
 * What the push history collections (the delivery log, the receipts) share, in one place so the
 * two cannot drift apart: both are read-only history of the plugin's.
 */
export const historyCollection = {
  /** In the admin's navigation, for whoever may read the history (readHistory), as any collection. */
  group: { zh: '参与网站', en: 'Partners' },
  /**
   * Read by `access.readHistory`; written by nobody but the plugin (its jobs and endpoints use
   * the Local API with `overrideAccess`); deleted by those who manage pushes.
   */
  access: ({ readHistory, manage }: ResolvedOptions['access']): CollectionConfig['access'] => ({
    read: readHistory,
    create: () => false,
    update: () => false,
    delete: ({ req }) => manage({ req }),
  }),
}
