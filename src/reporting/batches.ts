import type { CollectionAfterChangeHook, CollectionBeforeChangeHook, PayloadRequest } from 'payload'

import { APIError } from 'payload'
import { extractID } from 'payload/shared'

import { deadlineDay, defaultTimeZone, isPastDeadline } from '../../plugins/shared/deadline'
import { forbidden, writtenId } from '../access/guards'
import { ancestryOf } from '../access/roles'

/**
 * 报送批次 at work: a unit reports a selection upward to its parent, which screens what reached it
 * and reports on to its own parent, up to the campaign's host. What may be in a batch, where it
 * goes, whether it is late, and what submitting it does to the works and the mailboxes.
 */

/** `req.context` key marking a batch's own writes on the works it reports. */
export const batchWrite = 'reporting:batch'

/** The task that mails a submitted batch to the level above (`report`) and a receipt to its sender. */
export const reportMailTaskSlug = 'sendReportMail'

/** The subject notices prescribe when they prescribe none: 单位名称+子项目名称. */
export const defaultSubjectTemplate = '{单位}+{子项目}'

const badRequest = (message: string, errors?: { path: string; message: string }[]) =>
  new APIError(message, 400, errors ? { errors } : undefined, true)

type Rel = number | { id: number } | null | undefined
const idOf = (value: Rel) => (value ? Number(extractID(value)) : undefined)

/** One step of a work's path upward. */
export type ReportStep = { from: Rel; to: Rel; batch: Rel; at: string }

/** The unit's name, parent and ancestry. */
const loadUnit = (req: PayloadRequest, id: number) =>
  req.payload.findByID({
    collection: 'organizers',
    id,
    depth: 0,
    disableErrors: true,
    select: { name: true, level: true, parent: true, path: true, reportingMailbox: true },
    req,
  })

type PhaseDeadline = { date: string; level?: string | null; subProject?: Rel }

/**
 * The deadline a batch answers to: the campaign's deadlines for the reporting unit's level (and
 * the batch's sub-project, where one names it) — the last of them, so a level due twice in a
 * campaign is late only once both are past — else the sub-project's own deadline.
 */
const batchDeadline = ({
  campaign,
  level,
  subProjectId,
  subProject,
}: {
  campaign: { phases?: { deadlines?: PhaseDeadline[] | null }[] | null }
  level?: string | null
  subProjectId?: number
  subProject: { deadline?: string | null } | null
}): string | undefined => {
  const forLevel = (campaign.phases ?? [])
    .flatMap((phase) => phase.deadlines ?? [])
    .filter(
      (each) =>
        each.level &&
        each.level === level &&
        (!each.subProject || idOf(each.subProject) === subProjectId),
    )
    .map((each) => each.date)
    .sort()
  return forLevel.at(-1) ?? subProject?.deadline ?? undefined
}

/**
 * The campaign a host's campaign implements (its `parent`), and the host of it a report goes to:
 * the one above the reporting unit (a province's 全总), else its first host.
 */
const parentCampaignOf = async (
  req: PayloadRequest,
  campaign: { parent?: unknown },
  from: { path?: string | null },
) => {
  const parentId = idOf(campaign.parent as Rel)
  if (!parentId) {
    return null
  }
  const parent = await req.payload.findByID({
    collection: 'campaigns',
    id: parentId,
    depth: 0,
    disableErrors: true,
    select: { name: true, hosts: true },
    req,
  })
  if (!parent) {
    return null
  }
  const hosts = (parent.hosts ?? []).map((host) => idOf(host as Rel)!)
  const ancestry = ancestryOf(from.path)
  return {
    campaign: { id: parentId, name: parent.name },
    hostId: hosts.find((host) => ancestry.includes(host)) ?? hosts[0],
  }
}

/** The open sub-project of `campaignId` that takes works of the kind of `subProjectId` (same name first). */
const matchingSubProject = async (
  req: PayloadRequest,
  campaignId: number,
  subProjectId: number | undefined,
): Promise<number | undefined> => {
  if (!subProjectId) {
    return undefined
  }
  const own = await req.payload.findByID({
    collection: 'sub-projects',
    id: subProjectId,
    depth: 0,
    draft: true,
    select: { name: true, kind: true },
    req,
  })
  const { docs } = await req.payload.find({
    collection: 'sub-projects',
    where: {
      and: [
        { campaign: { equals: campaignId } },
        { kind: { equals: own.kind } },
        { _status: { equals: 'published' } },
      ],
    },
    depth: 0,
    limit: 0,
    pagination: false,
    select: { name: true },
    req,
  })
  const match = docs.find((doc) => doc.name === own.name) ?? docs[0]
  return match ? Number(match.id) : undefined
}

/**
 * Before a batch is saved: where it goes (the reporting unit's parent), its title, and, when it
 * is being submitted, whether every work may go in it and whether it is late. A submitted batch
 * is final.
 */
export const prepareBatch: CollectionBeforeChangeHook = async ({ data, originalDoc, req }) => {
  const original = originalDoc as Record<string, unknown> | undefined
  if (original?.status === 'submitted') {
    throw forbidden('已报送的批次不能再修改 / a batch once reported no longer changes')
  }
  const value = <T>(field: string) =>
    (data[field] !== undefined ? data[field] : original?.[field]) as T
  const fromId = writtenId(value('fromUnit'))
  const campaignId = writtenId(value('campaign'))
  if (!fromId || !campaignId) {
    throw badRequest('请选择主题活动和报送单位 / campaign and reporting unit are required')
  }
  const [from, campaign] = await Promise.all([
    loadUnit(req, fromId),
    req.payload.findByID({
      collection: 'campaigns',
      id: campaignId,
      depth: 0,
      disableErrors: true,
      select: {
        name: true,
        hosts: true,
        timeZone: true,
        reporting: true,
        parent: true,
        phases: true,
      },
      req,
    }),
  ])
  if (!from || !campaign) {
    throw badRequest('主题活动或报送单位不存在 / no such campaign or unit')
  }
  const hosts = (campaign.hosts ?? []).map((host) => idOf(host as Rel))
  // A host reports on only into the campaign its campaign implements (向全总推荐), to that
  // campaign's host above it; anyone else to the unit right above it, in this campaign.
  const upward = hosts.includes(fromId) ? await parentCampaignOf(req, campaign, from) : null
  const toId = hosts.includes(fromId) ? upward?.hostId : idOf(from.parent as Rel)
  if (!toId) {
    throw badRequest(
      `“${from.name}”是本活动的主办单位，本活动未落实上级活动，不再向上报送 / "${from.name}" hosts the campaign, which implements no parent campaign: it reports to nobody`,
    )
  }
  const to = await loadUnit(req, toId)
  const subProjectId = writtenId(value('subProject'))
  const subProject = subProjectId
    ? await req.payload.findByID({
        collection: 'sub-projects',
        id: subProjectId,
        depth: 0,
        draft: true,
        disableErrors: true,
        select: { name: true, campaign: true, deadline: true },
        req,
      })
    : null
  if (subProjectId && (!subProject || idOf(subProject.campaign as Rel) !== campaignId)) {
    throw badRequest('子项目不属于该主题活动 / the sub-project is not one of this campaign')
  }
  const prepared: Record<string, unknown> = {
    ...data,
    fromUnit: fromId,
    toUnit: toId,
    toCampaign: upward?.campaign.id ?? null,
    title: `${from.name} → ${to?.name ?? ''}${upward ? `（${upward.campaign.name}）` : ''}：${subProject?.name ?? '全部子项目'}`,
    mailedTo: to?.reportingMailbox || campaign.reporting?.mailbox || null,
  }
  if (value('status') !== 'submitted') {
    return prepared
  }

  const entryIds = ((value<unknown[]>('entries') ?? []) as Rel[]).map(idOf).filter(Boolean)
  const activity = value<{ text?: string } | undefined>('activityReport')
  const propagandists = value<{ text?: string; counts?: unknown[] } | undefined>(
    'propagandistReport',
  )
  if (!entryIds.length && !activity?.text?.trim() && !propagandists?.text?.trim()) {
    throw badRequest(
      '报送批次须包含作品或情况报告 / a batch reports works, or a report on activities or propagandists',
    )
  }
  const { docs: works } = await req.payload.find({
    collection: 'entries',
    where: { id: { in: entryIds } },
    depth: 1,
    limit: 0,
    pagination: false,
    select: {
      title: true,
      campaign: true,
      subProject: true,
      submittingUnit: true,
      status: true,
      awardTier: true,
      reportPath: true,
    },
    req,
  })
  const errors: { path: string; message: string }[] = []
  entryIds.forEach((id, index) => {
    const work = works.find((each) => Number(each.id) === id)
    const path = `entries.${index}`
    if (!work) {
      errors.push({ path, message: `作品 ${id} 不存在 / no work ${id}` })
      return
    }
    const unit = work.submittingUnit as { path?: string | null; name?: string } | null
    const lastStep = (work.reportPath ?? []).at(-1)
    const reason =
      idOf(work.campaign as Rel) !== campaignId
        ? '不属于本主题活动 / is not in this campaign'
        : subProjectId && idOf(work.subProject as Rel) !== subProjectId
          ? `不属于子项目“${subProject?.name}” / is not in this sub-project`
          : !unit?.path?.includes(`/${fromId}/`)
            ? `不是“${from.name}”或其下级单位的作品 / was not filed under this unit or one below it`
            : work.status === 'screened-in'
              ? null
              : work.status === 'reported' && idOf(lastStep?.to as Rel) === fromId
                ? null
                : isWinnerToRecommend({ work, upward: Boolean(upward), fromId })
                  ? null
                  : '未通过本级初筛，或已向上报送 / is not screened in at this level, or was already reported on'
    if (reason) {
      errors.push({ path, message: `“${work.title}”${reason}` })
    }
  })
  if (upward) {
    for (const [index, id] of entryIds.entries()) {
      const work = works.find((each) => Number(each.id) === id)
      if (
        work &&
        !(await matchingSubProject(req, upward.campaign.id, idOf(work.subProject as Rel)))
      ) {
        errors.push({
          path: `entries.${index}`,
          message: `“${work.title}”在上级活动“${upward.campaign.name}”中没有同类子项目 / the parent campaign has no sub-project of its kind`,
        })
      }
    }
  }
  if (errors.length) {
    throw badRequest(errors.map((error) => error.message).join('；'), errors)
  }
  const timeZone = campaign.timeZone || defaultTimeZone
  const deadline = batchDeadline({ campaign, level: from.level, subProjectId, subProject })
  const isLate = Boolean(deadline && isPastDeadline(deadline, timeZone))
  if (isLate && campaign.reporting?.lateReporting === 'refuse') {
    throw forbidden(
      `已过报送截止日期（${deadlineDay(deadline!, timeZone)}），本活动不接受逾期报送 / past the deadline (${deadlineDay(deadline!, timeZone)}): this campaign refuses late reports`,
    )
  }
  return {
    ...prepared,
    isLate,
    submittedAt: new Date().toISOString(),
    submittedBy: req.user?.collection === 'users' ? req.user.id : null,
  }
}

/**
 * A prize-winner of the host's campaign, going into the campaign it implements (向上级活动推荐
 * 获奖作品) for the first time: judged here (获奖, or published with its prize), and never
 * reported on by this host before.
 */
const isWinnerToRecommend = ({
  work,
  upward,
  fromId,
}: {
  work: {
    status?: string | null
    awardTier?: string | null
    reportPath?: { from?: unknown }[] | null
  }
  upward: boolean
  fromId: number
}) =>
  upward &&
  Boolean(work.awardTier) &&
  (work.status === 'awarded' || work.status === 'published') &&
  !(work.reportPath ?? []).some((step) => idOf(step.from as Rel) === fromId)

/**
 * Once a batch is submitted: its works are reported (已报送) and carry the step on their path
 * upward; the level above and the sender get their mail through the jobs queue, in the same
 * transaction, so a batch that does not save sends nothing.
 */
export const reportBatch: CollectionAfterChangeHook = async ({ doc, previousDoc, req }) => {
  if (doc.status !== 'submitted' || previousDoc?.status === 'submitted') {
    return doc
  }
  const step = {
    from: idOf(doc.fromUnit),
    to: idOf(doc.toUnit),
    batch: doc.id,
    at: doc.submittedAt,
  }
  const parentCampaign = idOf(doc.toCampaign)
  for (const id of (doc.entries ?? []).map(idOf)) {
    const work = await req.payload.findByID({ collection: 'entries', id, depth: 0, req })
    if (parentCampaign) {
      // The work arrives in the campaign above as a reported work of its own, naming its origin.
      await req.payload.create({
        collection: 'entries',
        data: {
          title: work.title,
          subProject: (await matchingSubProject(req, parentCampaign, idOf(work.subProject)))!,
          submittingUnit: work.submittingUnit,
          authors: (work.authors ?? []).map(({ id: _row, ...author }) => author),
          form: work.form,
          source: work.source,
          media: work.media,
          text: work.text,
          description: work.description,
          isAuthentic: work.isAuthentic,
          isOriginal: work.isOriginal,
          declarations: work.declarations,
          status: 'reported',
          // Rows of its own: array rows keep ids unique per table.
          reportPath: [...(work.reportPath ?? []).map(({ id: _row, ...row }) => row), step],
          origin: work.id,
        },
        depth: 0,
        context: { [batchWrite]: true },
        req,
      })
    }
    await req.payload.update({
      collection: 'entries',
      id,
      data: {
        status: work.status === 'screened-in' ? 'reported' : work.status,
        reportPath: [...(work.reportPath ?? []), step],
      },
      depth: 0,
      context: { [batchWrite]: true },
      req,
    })
  }
  for (const kind of ['report', 'receipt'] as const) {
    await req.payload.jobs.queue({
      task: reportMailTaskSlug,
      input: { batch: doc.id, kind },
      req,
    })
  }
  return doc
}
