import type { Endpoint } from 'payload'

export const judgingRoundEndpoints: Endpoint[] = []
export const scoreSheetEndpoints: Endpoint[] = []
