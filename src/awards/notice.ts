import type { PayloadRequest } from 'payload'

import type { AwardList } from '../payload-types'

import { deadlineDay, defaultTimeZone } from '../../plugins/shared/deadline'
import { textToLexical } from '../../plugins/submission-spec'
import { tierLabel, tierOrder } from './shared'
import { idOf } from '../lib/refusal'

/**
 * The results notice (通报) of a campaign, drafted from its frozen award lists: one draft notice
 * per campaign, created by the first freeze and rewritten by each later one (its body and the
 * attachments it generated; attachments an editor added are kept after them). A notice that was
 * already published keeps its published version: the rewrite is a new draft of it.
 *
 * In the campaign's notice style: issued by the issuers of the campaign's first notice (its
 * 实施意见 or 通知; else by the campaign's hosts), to the same recipients (主送), citing it by
 * title and 文号, dated the day of the freeze in the campaign's time zone. The attachments hold
 * one prize table per sub-project (tab-separated, 奖项 / 作品名称 / 作者 / 报送单位, tiers in
 * order, then by rank) and the list of 优秀组织单位.
 */

/** Statuses of a work that was never submitted: not received (as the proposal counts). */
const notReceived = ['draft']

/** The title a campaign's results notice carries. */
export const resultsNoticeTitle = (campaignName: string) => `关于${campaignName}评选结果的通报`

/** Attachments this module writes; others on the notice are an editor's and stay. */
const isGenerated = (title: string) => /^附件\d+ .*(获奖作品名单|优秀组织单位名单)$/.test(title)

type Section = {
  subProject: string
  received: number
  publicShare: number | null
  rows: { tier: string; title: string; authors: string; unit: string }[]
}

const chineseNumbers = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']
const chinese = (n: number) =>
  n <= 10
    ? chineseNumbers[n - 1]!
    : n < 20
      ? `十${chineseNumbers[n - 11] ?? ''}`
      : `${chineseNumbers[Math.floor(n / 10) - 1]}十${chineseNumbers[(n % 10) - 1] ?? ''}`

/** 一等奖 2 件、二等奖 3 件 — the tiers given, in order. */
const tierCounts = (rows: Section['rows']) =>
  [...new Set(rows.map((row) => row.tier))]
    .sort((a, b) => tierOrder(a) - tierOrder(b))
    .map((tier) => `${tierLabel(tier)} ${rows.filter((row) => row.tier === tier).length} 件`)
    .join('、')

/** The table of a section, tab-separated with its header row. */
export const prizeTable = (rows: Section['rows']) =>
  [
    ['奖项', '作品名称', '作者', '报送单位'],
    ...rows.map((row) => [tierLabel(row.tier), row.title, row.authors, row.unit]),
  ]
    .map((cells) => cells.map((cell) => cell.replace(/[\t\r\n]+/g, ' ')).join('\t'))
    .join('\n')

export const noticeText = ({
  recipients,
  cited,
  issuerNames,
  campaignName,
  sections,
  units,
  day,
}: {
  recipients: string | null
  cited: { title: string; documentNumber: string | null } | null
  issuerNames: string[]
  campaignName: string
  sections: Section[]
  units: string[] | null
  day: string
}): string => {
  const [year, month, date] = day.split('-').map(Number)
  const received = sections.reduce((sum, section) => sum + section.received, 0)
  const parts: string[] = []
  if (recipients) {
    parts.push(`${recipients}：`)
  }
  const basis = cited
    ? `根据《${cited.title}》${cited.documentNumber ? `（${cited.documentNumber}）` : ''}的部署，`
    : ''
  parts.push(
    `${basis}${issuerNames.join('、')}组织开展了${campaignName}。各单位高度重视、精心组织，广大职工踊跃参与${sections.length ? `，共收到参评作品 ${received} 件` : ''}。经评审，${[
      sections.length
        ? `评选出${sections.map((section) => `${section.subProject}${tierCounts(section.rows)}`).join('，')}`
        : '',
      units?.length ? `优秀组织单位 ${units.length} 个` : '',
    ]
      .filter(Boolean)
      .join('，')}。现将评选结果通报如下。`,
  )
  let heading = 0
  let attachment = 0
  const attachments: string[] = []
  if (sections.length) {
    parts.push(`${chinese(++heading)}、获奖作品`)
    sections.forEach((section, index) => {
      parts.push(`（${chinese(index + 1)}）${section.subProject}`)
      const how =
        section.publicShare && section.publicShare > 0
          ? `开放网友投票，邀请有关专家组成评审委员会评审，两者结合（专家评审占 ${100 - section.publicShare}%，网络投票占 ${section.publicShare}%）`
          : '经专家评审委员会评审'
      attachments.push(`${section.subProject}获奖作品名单`)
      parts.push(
        `收到参评作品 ${section.received} 件，${how}，评出${tierCounts(section.rows) || '获奖作品 0 件'}（名单见附件${++attachment}）。`,
      )
    })
  }
  if (units?.length) {
    parts.push(`${chinese(++heading)}、优秀组织单位`)
    attachments.push('优秀组织单位名单')
    parts.push(`${units.join('、')}（名单见附件${++attachment}）。`)
  }
  parts.push(
    '希望受到表彰的单位和个人珍惜荣誉、再接再厉，充分发挥示范带动作用。各级工会要认真总结经验，以此次评选为契机，推动主题活动持续深入开展，网聚职工正能量。',
  )
  if (attachments.length) {
    parts.push(`附件：${attachments.map((title, index) => `${index + 1}. ${title}`).join('\n\n')}`)
  }
  parts.push(issuerNames.join('　'))
  parts.push(`${year}年${month}月${date}日`)
  return parts.join('\n\n')
}

/**
 * Drafts (or redrafts) the campaign's results notice from its frozen lists and returns its id.
 * Runs in the freeze's transaction, as the organizer (who may write the campaign's notices).
 */
export const draftResultsNotice = async ({
  req,
  campaignId,
}: {
  req: PayloadRequest
  campaignId: number
}): Promise<number> => {
  const { payload } = req
  const campaign = await payload.findByID({
    collection: 'campaigns',
    id: campaignId,
    depth: 0,
    draft: true,
    overrideAccess: true,
    select: { name: true, hosts: true, timeZone: true },
    req,
  })
  const { docs: lists } = await payload.find({
    collection: 'award-lists',
    where: { and: [{ campaign: { equals: campaignId } }, { status: { equals: 'frozen' } }] },
    depth: 0,
    limit: 0,
    pagination: false,
    sort: 'id',
    overrideAccess: true,
    req,
  })
  const existingId = lists.map((list) => idOf(list.notice)).find(Boolean)
  const { docs: styleNotices } = await payload.find({
    collection: 'notices',
    where: {
      and: [
        { campaign: { equals: campaignId } },
        ...(existingId ? [{ id: { not_equals: existingId } }] : []),
      ],
    },
    depth: 1,
    limit: 1,
    sort: 'issueDate',
    draft: false,
    overrideAccess: true,
    select: { title: true, documentNumber: true, recipients: true, issuers: true },
    req,
  })
  const style = styleNotices[0]
  const styleIssuers = (style?.issuers ?? []).filter(
    (issuer): issuer is { id: number; name: string } & typeof issuer =>
      typeof issuer === 'object' && issuer !== null,
  )
  const issuerIds = styleIssuers.length
    ? styleIssuers.map((issuer) => issuer.id)
    : (campaign.hosts ?? []).map((host) => idOf(host as never)!)
  const { docs: issuerDocs } = issuerIds.length
    ? await payload.find({
        collection: 'organizers',
        where: { id: { in: issuerIds } },
        depth: 0,
        limit: 0,
        pagination: false,
        overrideAccess: true,
        select: { name: true },
        req,
      })
    : { docs: [] }
  const issuerNames = issuerIds.map(
    (id) => issuerDocs.find((doc) => Number(doc.id) === id)?.name ?? `#${id}`,
  )

  const worksLists = lists.filter((list) => list.kind !== 'organizing-units')
  const sections = await Promise.all(worksLists.map((list) => sectionOf({ req, list })))
  const unitList = lists.filter((list) => list.kind === 'organizing-units').at(-1)
  const unitIds = (unitList?.units ?? [])
    .filter((row) => row.isAwarded)
    .map((row) => idOf(row.unit)!)
  const { docs: unitDocs } = unitIds.length
    ? await payload.find({
        collection: 'organizers',
        where: { id: { in: unitIds } },
        depth: 0,
        limit: 0,
        pagination: false,
        overrideAccess: true,
        select: { name: true },
        req,
      })
    : { docs: [] }
  const units = unitList
    ? unitIds.map((id) => unitDocs.find((doc) => Number(doc.id) === id)?.name ?? `#${id}`)
    : null

  const timeZone = campaign.timeZone || defaultTimeZone
  const day = deadlineDay(new Date(), timeZone)
  const text = noticeText({
    recipients: style?.recipients ?? null,
    cited: style ? { title: style.title, documentNumber: style.documentNumber ?? null } : null,
    issuerNames,
    campaignName: campaign.name,
    sections,
    units,
    day,
  })
  let number = 0
  const generated = [
    ...sections.map((section) => ({
      title: `附件${++number} ${section.subProject}获奖作品名单`,
      table: prizeTable(section.rows),
    })),
    ...(units
      ? [
          {
            title: `附件${++number} 优秀组织单位名单`,
            table: [['序号', '单位名称'], ...units.map((name, index) => [String(index + 1), name])]
              .map((cells) => cells.join('\t'))
              .join('\n'),
          },
        ]
      : []),
  ]
  const existing = existingId
    ? await payload.findByID({
        collection: 'notices',
        id: existingId,
        depth: 0,
        draft: true,
        disableErrors: true,
        overrideAccess: true,
        select: { attachments: true },
        req,
      })
    : null
  const kept = (existing?.attachments ?? [])
    .filter((row) => !isGenerated(row.title))
    .map((row) => ({ title: row.title, file: idOf(row.file as never) ?? null, table: row.table }))
  const data = {
    title: resultsNoticeTitle(campaign.name),
    campaign: campaignId,
    issuers: issuerIds,
    recipients: style?.recipients ?? null,
    issueDate: `${day}T12:00:00.000Z`,
    body: textToLexical(text) as never,
    attachments: [...generated, ...kept],
    _status: 'draft' as const,
  }
  const written = existing
    ? await payload.update({
        collection: 'notices',
        id: existingId!,
        data,
        draft: true,
        depth: 0,
        overrideAccess: false,
        user: req.user,
        req,
      })
    : await payload.create({
        collection: 'notices',
        data,
        draft: true,
        depth: 0,
        overrideAccess: false,
        user: req.user,
        req,
      })
  return Number(written.id)
}

/** A frozen works list as a section of the notice: its sub-project, works received, prize rows. */
const sectionOf = async ({ req, list }: { req: PayloadRequest; list: AwardList }) => {
  const { payload } = req
  const subProjectId = idOf(list.subProject)
  const subProject = subProjectId
    ? await payload.findByID({
        collection: 'sub-projects',
        id: subProjectId,
        depth: 0,
        draft: true,
        disableErrors: true,
        overrideAccess: true,
        select: { name: true, voting: true },
        req,
      })
    : null
  const { totalDocs: received } = subProjectId
    ? await payload.count({
        collection: 'entries',
        where: {
          and: [{ subProject: { equals: subProjectId } }, { status: { not_in: notReceived } }],
        },
        overrideAccess: true,
        req,
      })
    : { totalDocs: 0 }
  const awarded = (list.ranking ?? [])
    .filter((row) => row.tier)
    .sort((a, b) => tierOrder(a.tier) - tierOrder(b.tier) || (a.rank ?? 0) - (b.rank ?? 0))
  const entryIds = awarded.map((row) => idOf(row.entry)!)
  const { docs: works } = entryIds.length
    ? await payload.find({
        collection: 'entries',
        where: { id: { in: entryIds } },
        depth: 1,
        limit: 0,
        pagination: false,
        overrideAccess: true,
        select: { title: true, authors: true, submittingUnit: true },
        req,
      })
    : { docs: [] }
  return {
    subProject: subProject?.name ?? list.title ?? '',
    received,
    publicShare: list.publicShare ?? subProject?.voting?.publicShare ?? 0,
    rows: awarded.map((row) => {
      const work = works.find((each) => Number(each.id) === idOf(row.entry))
      const unit = work?.submittingUnit
      return {
        tier: row.tier!,
        title: work?.title ?? `#${idOf(row.entry)}`,
        authors: (work?.authors ?? []).map((author) => author.name).join('、'),
        unit: unit && typeof unit === 'object' ? unit.name : '',
      }
    }),
  }
}
