import type { CollectionAfterChangeHook, CollectionBeforeChangeHook, PayloadRequest } from 'payload'

import { APIError } from 'payload'
import { extractID } from 'payload/shared'

import { defaultTimeZone, isPastDeadline } from '../../plugins/shared/deadline'
import { forbidden, writtenId } from '../access/guards'

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
    select: { name: true, parent: true, path: true, reportingMailbox: true },
    req,
  })

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
      select: { name: true, hosts: true, timeZone: true, reporting: true },
      req,
    }),
  ])
  if (!from || !campaign) {
    throw badRequest('主题活动或报送单位不存在 / no such campaign or unit')
  }
  const hosts = (campaign.hosts ?? []).map((host) => idOf(host as Rel))
  const toId = idOf(from.parent as Rel)
  if (hosts.includes(fromId) || !toId) {
    throw badRequest(
      `“${from.name}”是本活动的主办单位或最上级单位，不再向上报送 / "${from.name}" hosts the campaign or has no unit above: it reports to nobody`,
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
    title: `${from.name} → ${to?.name ?? ''}：${subProject?.name ?? '全部子项目'}`,
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
                : '未通过本级初筛，或已向上报送 / is not screened in at this level, or was already reported on'
    if (reason) {
      errors.push({ path, message: `“${work.title}”${reason}` })
    }
  })
  if (errors.length) {
    throw badRequest(errors.map((error) => error.message).join('；'), errors)
  }
  const timeZone = campaign.timeZone || defaultTimeZone
  const isLate = Boolean(subProject?.deadline && isPastDeadline(subProject.deadline, timeZone))
  if (isLate && campaign.reporting?.lateReporting === 'refuse') {
    throw forbidden(
      `“${subProject!.name}”已过报送截止日期，本活动不接受逾期报送 / past the deadline of "${subProject!.name}": this campaign refuses late reports`,
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
  for (const id of (doc.entries ?? []).map(idOf)) {
    const work = await req.payload.findByID({
      collection: 'entries',
      id,
      depth: 0,
      select: { status: true, reportPath: true },
      req,
    })
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
