import type { Payload } from 'payload'

import type { HeaderReader } from '../voting/answer'
import type { WordHit } from './sensitiveWords'
import type { WindowColumn } from './windowColumn'

import { poolOf } from '../../plugins/shared/pool'
import { announceChanges } from '../../plugins/shared/changeNotices'
import { invalidateColumnPull } from '../columns'
import { parseRateLimitRule } from '../http/rateLimit/config'
import { badRequest, idOf, notFound, Refusal } from '../lib/refusal'
import { voteOriginOf } from '../voting/clientAddress'
import { maxAuthorNameLength, maxCommentLength, maxContactLength } from './formAnswers'
import { windowColumn } from './windowColumn'
import { screenerFor } from './wordLists'

/**
 * What a netizen leaves in an interaction window, received from any site without an account:
 * checked (plain text, lengths, a contact that is a phone or an e-mail), held to the per-address
 * and per-device limits, screened against the campaign's sensitive words, and stored pending
 * review — or, in a column its organizer set to post-moderation, shown at once unless a word
 * holds it. A refusal stores nothing.
 */

export type WindowLimits = {
  /** `INTERACTION_LIMIT_PER_ADDRESS`: from one address (IPv4, IPv6 /64). @default 30/3600 */
  perAddress: { limit: number; windowSeconds: number }
  /** `INTERACTION_LIMIT_PER_DEVICE`: from one device id (`x-device-id` or `device`). @default 10/3600 */
  perDevice: { limit: number; windowSeconds: number }
}

let limits: WindowLimits | undefined

/** Read once; a value that does not parse throws rather than loosening a limit. */
export const windowLimits = (): WindowLimits =>
  (limits ??= {
    perAddress: parseRateLimitRule({
      variable: 'INTERACTION_LIMIT_PER_ADDRESS',
      value: process.env.INTERACTION_LIMIT_PER_ADDRESS?.trim() || '30/3600',
    }),
    perDevice: parseRateLimitRule({
      variable: 'INTERACTION_LIMIT_PER_DEVICE',
      value: process.env.INTERACTION_LIMIT_PER_DEVICE?.trim() || '10/3600',
    }),
  })

export { maxCommentLength }
export const maxContributionLength = 5_000

/** Plain text as written, without control characters but newlines and tabs; `null` when empty. */
export const plainText = (value: unknown, field: string, max: number): string | null => {
  if (value === undefined || value === null || value === '') {
    return null
  }
  if (typeof value !== 'string') {
    throw badRequest(`${field} 应为文字 / ${field} must be text`)
  }
  // eslint-disable-next-line no-control-regex
  const text = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim()
  if (/<\s*\/?\s*[a-z!][^>]*>/i.test(text)) {
    throw badRequest(`${field} 只收纯文字，不能含 HTML 标签 / ${field} takes plain text, not HTML`)
  }
  if ([...text].length > max) {
    throw badRequest(`${field} 不超过 ${max} 字 / ${field} takes at most ${max} characters`)
  }
  return text || null
}

/** A mainland phone number (or one with a country code) or an e-mail address, for staff only. */
export const contactOf = (value: unknown): string | null => {
  const text = plainText(value, 'contact', maxContactLength)
  if (text === null) {
    return null
  }
  const phone = text.replace(/[\s-]/g, '')
  if (/^(\+?86)?1[3-9]\d{9}$/.test(phone) || /^\+?\d{7,15}$/.test(phone)) {
    return phone
  }
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) {
    return text.toLowerCase()
  }
  throw badRequest(
    '联系方式应为手机号码或电子邮箱 / the contact must be a phone number or an e-mail address',
  )
}

export type Origin = {
  address: string | null
  addressKey: string | null
  device: string | null
  userAgent: string | null
}

/** Where it comes from, as voting reads it (x-real-ip under TRUST_PROXY), and the device id. */
export const originOf = (headers: HeaderReader, body: Record<string, unknown>): Origin => {
  const { address, limitKey, userAgent } = voteOriginOf({ headers })
  const rawDevice = headers.get('x-device-id') ?? body.device
  const device =
    typeof rawDevice === 'string' && /^[\w.:-]{8,128}$/.test(rawDevice) ? rawDevice : null
  return { address, addressKey: limitKey, device, userAgent }
}

/** 429 when the address or the device has sent its share within the window. */
export const checkLimits = async (payload: Payload, origin: Origin): Promise<void> => {
  const { perAddress, perDevice } = windowLimits()
  const checks = [
    {
      value: origin.addressKey,
      column: 'origin_address_key',
      rule: perAddress,
      who: '同一网络地址',
    },
    { value: origin.device, column: 'origin_device', rule: perDevice, who: '同一设备' },
  ]
  for (const check of checks) {
    if (!check.value) {
      continue
    }
    const { rows } = await poolOf(payload).query<{ sent: number; oldest: Date | null }>(
      `select count(*)::int as sent, min(created_at) as oldest from interactions
       where ${check.column} = $1 and created_at > now() - make_interval(secs => $2)`,
      [check.value, check.rule.windowSeconds],
    )
    const { sent, oldest } = rows[0] ?? { sent: 0, oldest: null }
    if (sent >= check.rule.limit) {
      throw tooMany(
        check.column === 'origin_device',
        oldest
          ? Math.max(
              1,
              Math.ceil((oldest.getTime() + check.rule.windowSeconds * 1000 - Date.now()) / 1000),
            )
          : check.rule.windowSeconds,
      )
    }
  }
}

export type Screened = {
  text: string | null
  original: string | null
  hits: WordHit[]
  held: boolean
}

/**
 * The texts screened together against the column's campaign's words: a blocked word refuses all
 * (naming what was written), a held one sends it to review, replaced ones are masked.
 */
export const screenTexts = async (
  payload: Payload,
  campaign: number | undefined,
  texts: { field: string; label: string; text: string | null }[],
): Promise<{ screened: Record<string, Screened>; held: boolean; hitWords: string | null }> => {
  const screener = await screenerFor(payload, campaign)
  const screened: Record<string, Screened> = {}
  let held = false
  const hitWords: string[] = []
  for (const { field, label, text } of texts) {
    const result = text ? screener.screen(text) : { outcome: 'pass' as const, hits: [], text }
    if (result.outcome === 'block') {
      const blocked = result.hits.find((hit) => hit.action === 'block')!
      throw Object.assign(
        badRequest(
          `${label}含有不宜发布的词语「${blocked.written}」，未收录，请修改后再提交 / the ${field} contains a word that may not be published (“${blocked.written}”): nothing was stored`,
          [
            {
              path: field,
              message: `含有不宜发布的词语「${blocked.written}」 / contains “${blocked.written}”`,
            },
          ],
        ),
        { reason: 'blocked' },
      )
    }
    held ||= result.outcome === 'hold'
    hitWords.push(...result.hits.map((hit) => hit.word))
    screened[field] = {
      text: result.text,
      original: result.text !== text ? text : null,
      hits: result.hits,
      held: result.outcome === 'hold',
    }
  }
  return { screened, held, hitWords: hitWords.length ? [...new Set(hitWords)].join('、') : null }
}

/** What the contributor is told. */
export const receivedMessage = (state: 'pending' | 'approved') =>
  state === 'approved'
    ? '已发布，感谢参与 / published: thank you'
    : '已收到，审核通过后显示 / received: it shows once a moderator approves it'

/** A refusal for an origin that has sent its share, with when to ask again. */
const tooMany = (device: boolean, retryAfter: number) =>
  Object.assign(
    new Refusal(
      `${device ? '同一设备' : '同一网络地址'}提交过于频繁，请 ${Math.ceil(retryAfter / 60)} 分钟后再试 / too many from this ${device ? 'device' : 'address'}: try again in ${Math.ceil(retryAfter / 60)} minutes`,
      429,
    ),
    { retryAfterSeconds: retryAfter },
  )

/**
 * `POST /api/interactions/comment` `{ column, body, entry?, authorName?, contact?, device? }`:
 * 201 `{ id, state, body, message }`. A comment is the busiest write of a window: answered in
 * front of Next (./fastPath.ts) as by the endpoint, the column read from memory, and the two
 * limits and the insert one statement.
 */
export const receiveComment = async ({
  payload,
  headers,
  body,
}: {
  payload: Payload
  headers: HeaderReader
  body: Record<string, unknown>
}): Promise<{ id: number; state: 'pending' | 'approved'; body: string; message: string }> => {
  const column = await windowColumn(payload, body.column)
  if (!column.open || !column.comments) {
    throw new Refusal('该专栏未开放评论 / this column does not take comments', 403)
  }
  const text = plainText(body.body, 'body', maxCommentLength)
  if (!text) {
    throw badRequest('请填写评论内容（body） / write the comment (body)', [
      { path: 'body', message: '请填写评论内容 / write the comment' },
    ])
  }
  const authorName = plainText(body.authorName, 'authorName', maxAuthorNameLength)
  const contact = contactOf(body.contact)
  const entry = await commentedWork(payload, body.entry, column)
  const origin = originOf(headers, body)
  const { screened, held, hitWords } = await screenTexts(payload, column.campaign, [
    { field: 'body', label: '评论', text },
    { field: 'authorName', label: '署名', text: authorName },
  ])
  const state = held || column.moderation === 'pre' ? 'pending' : 'approved'
  const { perAddress, perDevice } = windowLimits()
  // What the address and the device sent within their windows, and the row only if both may
  // send more. Two comments racing at the limit may both pass: a limit, not a lock.
  const { rows } = await poolOf(payload).query<{
    id: number | null
    by_address: number
    address_oldest: Date | null
    by_device: number
    device_oldest: Date | null
  }>(
    `with sent as (
       select (select count(*)::int from interactions
                where $11::text is not null and origin_address_key = $11
                  and created_at > now() - make_interval(secs => $15)) as by_address,
              (select min(created_at) from interactions
                where $11::text is not null and origin_address_key = $11
                  and created_at > now() - make_interval(secs => $15)) as address_oldest,
              (select count(*)::int from interactions
                where $12::text is not null and origin_device = $12
                  and created_at > now() - make_interval(secs => $17)) as by_device,
              (select min(created_at) from interactions
                where $12::text is not null and origin_device = $12
                  and created_at > now() - make_interval(secs => $17)) as device_oldest
     ), written as (
       insert into interactions
         (kind, state, column_id, entry_id, campaign_id, unit_id, body, original, author_name,
          contact, hit_words, origin_address, origin_address_key, origin_device, origin_user_agent,
          updated_at, created_at)
       select 'comment', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $13, $11, $12, $14, now(), now()
         from sent where by_address < $16 and by_device < $18
       returning id
     )
     select (select id from written) as id, sent.* from sent`,
    [
      state,
      column.id,
      entry ?? null,
      column.campaign ?? null,
      column.unit ?? null,
      screened.body!.text,
      screened.body!.original,
      screened.authorName!.text,
      contact,
      hitWords,
      origin.addressKey,
      origin.device,
      origin.address,
      origin.userAgent,
      perAddress.windowSeconds,
      perAddress.limit,
      perDevice.windowSeconds,
      perDevice.limit,
    ],
  )
  const written = rows[0]!
  if (written.id === null) {
    const retryAfter = (oldest: Date | null, windowSeconds: number) =>
      oldest
        ? Math.max(1, Math.ceil((oldest.getTime() + windowSeconds * 1000 - Date.now()) / 1000))
        : windowSeconds
    throw written.by_address >= perAddress.limit
      ? tooMany(false, retryAfter(written.address_oldest, perAddress.windowSeconds))
      : tooMany(true, retryAfter(written.device_oldest, perDevice.windowSeconds))
  }
  if (state === 'approved') {
    invalidateColumnPull(payload, column.id)
    // Written in SQL, past the hooks that tell other instances.
    await announceChanges(payload, ['interactions'])
  }
  return { id: written.id, state, body: screened.body!.text!, message: receivedMessage(state) }
}

/** A work commented on must be public and of the column's campaign. */
const commentedWork = async (
  payload: Payload,
  value: unknown,
  column: WindowColumn,
): Promise<number | undefined> => {
  if (value === undefined || value === null || value === '') {
    return undefined
  }
  const id = Number(value)
  const work = Number.isSafeInteger(id)
    ? await payload
        .findByID({
          collection: 'entries',
          id,
          depth: 0,
          // As the public reads it: a work not published is none to comment on.
          overrideAccess: false,
          disableErrors: true,
          select: { campaign: true },
        })
        .catch(() => null)
    : null
  if (!work || idOf(work.campaign as never) !== column.campaign) {
    throw notFound('该专栏的活动中没有这件作品 / no such work in this column’s campaign')
  }
  return id
}
