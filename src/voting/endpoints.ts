import type { Endpoint } from 'payload'

export const voteEndpoints: Endpoint[] = []
/** On entries: `POST /api/entries/:id/vote` and the public counts. */
export const entryVoteEndpoints: Endpoint[] = []
