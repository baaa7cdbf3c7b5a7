import type { CollectionAfterReadHook, PayloadRequest } from 'payload'

import { actorOf } from '../access/roles'
import { idOf } from '../lib/refusal'

/**
 * What a judge of a blind round (匿名评审) never reads of a work it scores there: who made it, who
 * reported or recommended it, where it came from, the office's notes, and the files' names and
 * descriptions. Everything else of the work — title, text, description, media to play — stays.
 */
export const blindFields = [
  'authors',
  'submittingUnit',
  'source',
  'reportPath',
  'origin',
  'internalNotes',
  'judges',
  'recommendations',
  'bestWork',
  'syndication',
  'pushProgress',
  'createdBy',
  'updatedBy',
] as const

/** Of each populated file, what may carry a person's or a unit's name. */
const mediaNameFields = ['alt', 'filename', 'originalFile', 'uploadedBy', 'usage', 'probe']

/**
 * The works the judge scores in open blind rounds, looked up once per request (a list of works,
 * or a sheet with its work populated, asks once).
 */
const blindWorks = async (req: PayloadRequest, judgeId: number): Promise<Set<number>> => {
  const key = `judging:blindWorks:${judgeId}`
  const cached = req.context[key] as Set<number> | undefined
  if (cached) {
    return cached
  }
  const { docs } = await req.payload.find({
    collection: 'score-sheets',
    where: {
      and: [
        { judge: { equals: judgeId } },
        { 'round.blind': { equals: true } },
        { 'round.status': { equals: 'open' } },
      ],
    },
    depth: 0,
    limit: 0,
    pagination: false,
    select: { entry: true },
    overrideAccess: true,
    req,
  })
  const works = new Set(docs.map((sheet) => idOf(sheet.entry)!))
  req.context[key] = works
  return works
}

/** Judges of a blind round read the work without who made or reported it. */
export const blindForJudges: CollectionAfterReadHook = async ({ doc, req }) => {
  const actor = actorOf(req)
  if (actor.kind !== 'judge' || !doc?.id) {
    return doc
  }
  if (!(await blindWorks(req, actor.userId)).has(Number(doc.id))) {
    return doc
  }
  for (const field of blindFields) {
    delete doc[field]
  }
  if (Array.isArray(doc.media)) {
    doc.media = doc.media.map((file: unknown) => {
      if (!file || typeof file !== 'object') {
        return file
      }
      const copy = { ...(file as Record<string, unknown>) }
      for (const field of mediaNameFields) {
        delete copy[field]
      }
      return copy
    })
  }
  return doc
}
