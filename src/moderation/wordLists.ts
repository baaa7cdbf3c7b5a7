import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionBeforeChangeHook,
  Payload,
} from 'payload'

import type { SensitiveWord, WordAction } from './sensitiveWords'

import { poolOf } from '../../plugins/shared/pool'
import { forbidden } from '../access/guards'
import { actorOf } from '../access/roles'
import { badRequest, idOf } from '../lib/refusal'
import { compileWords, normalizeForMatching } from './sensitiveWords'

/**
 * The word lists a window screens against (the national base list and its campaign's), compiled
 * once and kept per campaign. A change on this instance drops them at once (the collection's
 * hooks); another instance's change is seen within `maxAgeMs`.
 */

type Screener = ReturnType<typeof compileWords>

type Compiled = { screener: Screener; generation: number; builtAt: number }

type WordListState = { generation: number; lists: Map<number, Compiled> }

const maxAgeMs = 30_000

// One state per Payload, shared by every bundled copy of this module (Next bundles its own).
const registry = Symbol.for('wangju-cms.moderation.word-lists')
type WithRegistry = typeof globalThis & { [registry]?: WeakMap<Payload, WordListState> }

const stateOf = (payload: Payload): WordListState => {
  const states = ((globalThis as WithRegistry)[registry] ??= new WeakMap())
  let state = states.get(payload)
  if (!state) {
    state = { generation: 0, lists: new Map() }
    states.set(payload, state)
  }
  return state
}

/** The lists changed: every campaign's screener is compiled again on its next use. */
export const forgetWordListsOf = (payload: Payload): void => {
  stateOf(payload).generation += 1
}

export const forgetWordLists: CollectionAfterChangeHook & CollectionAfterDeleteHook = ({ req }) =>
  forgetWordListsOf(req.payload)

/** Words as stored: the base list's and, with a campaign, that campaign's. */
export const wordsFor = async (
  payload: Payload,
  campaignId: number | undefined,
): Promise<SensitiveWord[]> => {
  const { rows } = await poolOf(payload).query<{ word: string; action: WordAction }>(
    'select word, action from sensitive_words where campaign_id is null or campaign_id = $1',
    [campaignId ?? null],
  )
  return rows
}

/** The compiled screener for a campaign's window (0 or none: the base list alone). */
export const screenerFor = async (payload: Payload, campaignId?: number): Promise<Screener> => {
  const state = stateOf(payload)
  const key = campaignId ?? 0
  const known = state.lists.get(key)
  if (known && known.generation === state.generation && Date.now() - known.builtAt < maxAgeMs) {
    return known.screener
  }
  const generation = state.generation
  const screener = compileWords(await wordsFor(payload, campaignId))
  state.lists.set(key, { screener, generation, builtAt: Date.now() })
  return screener
}

/** The national base list is the office's; an organizer keeps its hosted campaigns' lists. */
export const keepBaseListToOffice: CollectionBeforeChangeHook = ({ data, originalDoc, req }) => {
  const campaign = data.campaign !== undefined ? data.campaign : originalDoc?.campaign
  if (actorOf(req).kind === 'organizer' && idOf(campaign) === undefined) {
    throw forbidden(
      '全国基础词库由全国办公室维护，请选择本单位主办的主题活动 / the national base list is kept by the national office: choose a campaign your unit hosts',
    )
  }
  return data
}

/**
 * Keys the word by its list and its form as matched, and refuses a word its list already has
 * (naming the entry that holds it) or one that is nothing but spaces and punctuation.
 */
export const keyWordInList: CollectionBeforeChangeHook = async ({
  data,
  originalDoc,
  req,
  operation,
}) => {
  const word = String(data.word ?? originalDoc?.word ?? '').trim()
  const folded = normalizeForMatching(word).folded
  if (!folded) {
    throw badRequest(
      '敏感词不能只含空格或标点 / a sensitive word must have more than spaces and punctuation',
      [{ path: 'word', message: '请填写词语 / enter the word' }],
      'sensitive-words',
    )
  }
  const campaign = idOf(data.campaign !== undefined ? data.campaign : originalDoc?.campaign)
  const listKey = `${campaign ?? 'national'}:${folded}`
  const { docs } = await req.payload.find({
    collection: 'sensitive-words',
    where: {
      listKey: { equals: listKey },
      ...(operation === 'update' && originalDoc?.id ? { id: { not_equals: originalDoc.id } } : {}),
    },
    limit: 1,
    depth: 0,
    overrideAccess: true,
    req,
  })
  if (docs[0]) {
    const list = campaign ? '该活动词库' : '全国基础词库'
    const message = `「${docs[0].word}」已在${list}中（编号 ${docs[0].id}） / “${docs[0].word}” is already in this list (#${docs[0].id})`
    throw badRequest(message, [{ path: 'word', message }], 'sensitive-words')
  }
  return { ...data, word, listKey }
}
