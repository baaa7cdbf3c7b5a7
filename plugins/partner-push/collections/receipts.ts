import type { CollectionConfig, TaskConfig } from 'payload'

import type { ResolvedOptions } from '../types'

/** Where partners published a pushed work (filled in by the receipts work). */
export const receiptsCollections = (_options: ResolvedOptions): CollectionConfig[] => []

/** Jobs of the receipts work (label verification). */
export const receiptTasks = (_options: ResolvedOptions): TaskConfig[] => []
