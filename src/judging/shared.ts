import type { PayloadRequest } from 'payload'

import { TZDate } from '@date-fns/tz'
import { addDays, format, startOfDay } from 'date-fns'

import { defaultTimeZone } from '../../plugins/shared/deadline'
import { actorOf, hostedCampaignIds } from '../access/roles'
import { badRequest, forbidden, idOf, notFound, Refusal } from '../lib/refusal'
import type { Rel } from '../lib/refusal'

/**
 * What the judging modules share: the context key of their own writes, refusals as the REST API
 * answers them, the round and its campaign, and whether the round takes scores now.
 */

/**
 * `req.context` key of the judging modules' own writes (score sheets made by the assignment,
 * submitted, declared a conflict, reopened; `entries.judges` kept in step). Its value names the
 * action; a write without it is a person's edit and is held to the rules of `sheets.ts`.
 */
export const judgingWrite = 'judging:write'

export type JudgingAction = 'assign' | 'submit' | 'conflict' | 'reopen' | 'sync'

/** The round as stored, with its campaign's name, hosts and time zone. */
export const loadRound = async (req: PayloadRequest, id: number) => {
  const round = Number.isInteger(id)
    ? await req.payload.findByID({
        collection: 'judging-rounds',
        id,
        depth: 0,
        disableErrors: true,
        req,
      })
    : null
  if (!round) {
    throw notFound(`没有编号为 ${id} 的评审轮次 / no judging round ${id}`)
  }
  const campaignId = idOf(round.campaign)
  const campaign = campaignId
    ? await req.payload.findByID({
        collection: 'campaigns',
        id: campaignId,
        depth: 0,
        disableErrors: true,
        select: { name: true, hosts: true, timeZone: true },
        req,
      })
    : null
  return {
    round,
    campaign: {
      id: campaignId,
      name: campaign?.name ?? '',
      hosts: (campaign?.hosts ?? []).map((host) => idOf(host as Rel)!),
      timeZone: campaign?.timeZone || defaultTimeZone,
    },
  }
}

export type LoadedRound = Awaited<ReturnType<typeof loadRound>>

/** The national office, or an organizer whose unit hosts the campaign. */
export const isHostOrOffice = async (
  req: PayloadRequest,
  campaignId: number | undefined,
): Promise<boolean> => {
  const actor = actorOf(req)
  if (actor.kind === 'admin') {
    return true
  }
  return (
    actor.kind === 'organizer' &&
    campaignId !== undefined &&
    (await hostedCampaignIds(req, actor.organizerId)).includes(campaignId)
  )
}

/** Refuses anyone but the national office and the campaign's organizers. */
export const requireHostOrOffice = async (
  req: PayloadRequest,
  campaignId: number | undefined,
  what: string,
) => {
  if (!req.user) {
    throw new Refusal('请先登录 / log in first', 401)
  }
  if (!(await isHostOrOffice(req, campaignId))) {
    throw forbidden(
      `只有本活动主办单位的活动组织者和全国办公室可以${what.split(' / ')[0]} / only the campaign's organizers and the national office ${what.split(' / ')[1]}`,
    )
  }
}

/**
 * The round's scoring window as instants: from the start of `opensAt`'s day to the end of
 * `closesAt`'s, both calendar days in the campaign's time zone (the admin stores a day as noon
 * UTC). An unset end leaves that side open.
 */
export const scoringWindow = ({
  opensAt,
  closesAt,
  timeZone,
}: {
  opensAt?: string | null
  closesAt?: string | null
  timeZone: string
}) => {
  const dayStart = (value: string) =>
    startOfDay(new TZDate(new Date(value).getTime(), timeZone)).getTime()
  const day = (value: string) =>
    format(new TZDate(new Date(value).getTime(), timeZone), 'yyyy-MM-dd')
  return {
    opens: opensAt ? new Date(dayStart(opensAt)) : null,
    closes: closesAt
      ? new Date(
          addDays(startOfDay(new TZDate(new Date(closesAt).getTime(), timeZone)), 1).getTime(),
        )
      : null,
    firstDay: opensAt ? day(opensAt) : null,
    lastDay: closesAt ? day(closesAt) : null,
  }
}

/** Refuses scoring in a round that is not open, or outside its window. */
export const requireScoringOpen = ({ round, campaign }: LoadedRound, now = new Date()) => {
  if (round.status === 'draft') {
    throw forbidden(`评审轮次“${round.title}”尚未开始 / the round "${round.title}" is not open yet`)
  }
  if (round.status === 'closed') {
    throw forbidden(`评审轮次“${round.title}”已结束 / the round "${round.title}" is closed`)
  }
  const window = scoringWindow({ ...round, timeZone: campaign.timeZone })
  const span = `${window.firstDay ?? '…'} 至 ${window.lastDay ?? '…'}（${campaign.timeZone}）`
  const spanEn = `${window.firstDay ?? '…'} to ${window.lastDay ?? '…'} (${campaign.timeZone})`
  if (window.opens && now < window.opens) {
    throw forbidden(`评分时间为 ${span}，尚未开始 / scoring runs ${spanEn} and has not begun`)
  }
  if (window.closes && now >= window.closes) {
    throw forbidden(`评分时间为 ${span}，已截止 / scoring ran ${spanEn} and is over`)
  }
}

/** A `reason` from the body, trimmed; refused when missing. */
export const requiredReason = (body: Record<string, unknown>, what: string): string => {
  const reason = typeof body.reason === 'string' ? body.reason.trim() : ''
  if (!reason) {
    throw badRequest(
      `请填写${what.split(' / ')[0]}的原因 / a reason for ${what.split(' / ')[1]} is required`,
      [{ path: 'reason', message: '必填 / required' }],
    )
  }
  return reason
}
