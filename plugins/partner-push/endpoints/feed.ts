import type { Endpoint } from 'payload'

import type { ResolvedOptions } from '../types'

/** `GET /api/campaigns/:id/feed.json` and `/feed.rss` (filled in by the feed work). */
export const feedEndpoints = (_options: ResolvedOptions): Endpoint[] => []
