import type { CollectionBeforeChangeHook, PayloadRequest } from 'payload'

import type { Campaign } from '../payload-types'

import { badRequest, idOf } from '../lib/refusal'

/**
 * 开始前检查 (ready to open): what a campaign in preparation (筹备中) still lacks before it may
 * become 进行中. What a notice cannot go out without is required — its dates, its hosts, a call
 * published with its 作品要求 and a deadline for it; what most campaigns have is advised — the
 * participating units, a task table, contacts, columns, the notice itself. Entering a past
 * campaign as a record (已结束, 已归档) asks none of it.
 */

export type ReadinessItem = {
  key: string
  /** Required items stop the campaign from opening; advised ones are only shown. */
  isRequired: boolean
  isMet: boolean
  /** What it asks, Chinese then English. */
  label: string
  /** Where it is missing, when it is. */
  detail?: string
}

export type Readiness = { isReady: boolean; items: ReadinessItem[] }

const item = (
  key: string,
  isRequired: boolean,
  isMet: boolean,
  label: string,
  detail?: string,
): ReadinessItem => ({ key, isRequired, isMet, label, ...(isMet || !detail ? {} : { detail }) })

/** The checklist of a campaign as stored now (`campaign`: its document, or the data to be saved). */
export const campaignReadiness = async ({
  req,
  campaign,
}: {
  req: PayloadRequest
  campaign: Pick<Campaign, 'id' | 'period' | 'hosts' | 'participants' | 'phases'>
}): Promise<Readiness> => {
  const { payload } = req
  const ofCampaign = { campaign: { equals: campaign.id } }
  const common = { depth: 0, req, overrideAccess: true } as const
  const [calls, quotas, columns, notices] = await Promise.all([
    payload.find({
      collection: 'sub-projects',
      where: ofCampaign,
      limit: 0,
      draft: true,
      select: { name: true, deadline: true, spec: true, contacts: true, _status: true },
      ...common,
    }),
    payload.count({ collection: 'quotas', where: ofCampaign, ...common }),
    payload.count({ collection: 'columns', where: ofCampaign, ...common }),
    payload.count({ collection: 'notices', where: ofCampaign, ...common }),
  ])
  const published = calls.docs.filter((call) => call._status === 'published')
  const phaseDeadlines = (campaign.phases ?? []).flatMap((phase) => phase.deadlines ?? [])
  // A call's deadline: its own, or a phase's deadline naming it or every call.
  const hasDeadline = (call: (typeof calls.docs)[number]) =>
    Boolean(call.deadline) ||
    phaseDeadlines.some(
      (deadline) => !idOf(deadline.subProject) || idOf(deadline.subProject) === call.id,
    )
  const withoutSpec = published.filter((call) => !(call.spec?.mediaKinds ?? []).length)
  const withoutDeadline = published.filter((call) => !hasDeadline(call))
  const withoutContacts = published.filter((call) => !(call.contacts ?? []).length)
  const names = (list: { name: string }[]) => list.map((call) => `“${call.name}”`).join('、')
  const items = [
    item(
      'period',
      true,
      Boolean(campaign.period?.start && campaign.period?.end),
      '活动时间（开始和结束日期） / the campaign’s start and end dates',
      '请填写活动时间 / set the period',
    ),
    item(
      'hosts',
      true,
      (campaign.hosts ?? []).length > 0,
      '主办单位 / its hosts',
      '请选择主办单位 / choose the hosts',
    ),
    item(
      'sub-projects',
      true,
      published.length > 0,
      '至少一个已发布的子项目 / at least one published sub-project',
      calls.docs.length
        ? `子项目均为草稿：${names(calls.docs)} / every sub-project is still a draft`
        : '还没有子项目 / no sub-project yet',
    ),
    item(
      'specs',
      true,
      published.length > 0 && withoutSpec.length === 0,
      '每个子项目的作品类型（作品要求） / each sub-project’s kinds of work (its spec)',
      withoutSpec.length ? `未设作品类型：${names(withoutSpec)} / no kinds of work` : undefined,
    ),
    item(
      'deadlines',
      true,
      published.length > 0 && withoutDeadline.length === 0,
      '每个子项目的截止日期（子项目或阶段截止事项） / a deadline for each sub-project',
      withoutDeadline.length ? `没有截止日期：${names(withoutDeadline)} / no deadline` : undefined,
    ),
    item(
      'participants',
      false,
      (campaign.participants ?? []).length > 0,
      '参与单位 / participating units',
      '未选参与单位：只有主办单位及其下级可报送 / none: only the hosts and the units below them report',
    ),
    item(
      'quotas',
      false,
      quotas.totalDocs > 0,
      '任务表（任务分解） / the task table',
      '未导入任务表 / no task table',
    ),
    item(
      'contacts',
      false,
      published.length > 0 && withoutContacts.length === 0,
      '每个子项目的联系人 / contacts for each sub-project',
      withoutContacts.length ? `没有联系人：${names(withoutContacts)} / no contacts` : undefined,
    ),
    item(
      'columns',
      false,
      columns.totalDocs > 0,
      '合作网站专栏 / partner sites’ columns',
      '还没有专栏 / no column yet',
    ),
    item(
      'notice',
      false,
      notices.totalDocs > 0,
      '活动通知 / the campaign’s notice',
      '还没有通知 / no notice yet',
    ),
  ]
  return { isReady: items.every((each) => !each.isRequired || each.isMet), items }
}

/**
 * Campaigns `beforeChange`: a campaign in preparation opens (筹备中 → 进行中) only once the
 * checklist's required items are met; the refusal names each missing one. A campaign created
 * already open, or entered closed or archived as a record, is not asked.
 */
export const openWhenReady: CollectionBeforeChangeHook = async ({
  data,
  originalDoc,
  operation,
  req,
}) => {
  if (operation !== 'update' || originalDoc?.status !== 'draft' || data.status !== 'active') {
    return data
  }
  const readiness = await campaignReadiness({
    req,
    campaign: { ...originalDoc, ...data, id: originalDoc.id } as Campaign,
  })
  const missing = readiness.items.filter((each) => each.isRequired && !each.isMet)
  if (missing.length) {
    const message = `活动尚不能开始，缺少：${missing.map((each) => each.label.split(' / ')[0]).join('；')} / the campaign cannot open yet: ${missing.map((each) => each.label.split(' / ')[1]).join('; ')}`
    throw badRequest(message, [{ path: 'status', message }], 'campaigns')
  }
  return data
}
