import type { CollectionConfig } from 'payload'

export const scoreSheetHooks: CollectionConfig['hooks'] = {}
