import type { Endpoint } from 'payload'

import type { ResolvedOptions } from '../types'

/** `POST /api/entries/:id/receipts` (filled in by the receipts work). */
export const receiptEndpoints = (_options: ResolvedOptions): Endpoint[] => []
