import type { CollectionSlug, Payload, PayloadRequest, Where } from 'payload'

import { commitTransaction, createLocalReq, initTransaction, killTransaction } from 'payload'
import fs from 'node:fs/promises'
import path from 'node:path'

import type { QuotaColumnTarget, QuotaProblem } from '../domain/quotaTable'
import type { SeedData, SeedNotice } from './types'

import { parseDocumentNumber } from '../domain/documentNumber'
import { normalizeHeading, parseQuotaTable } from '../domain/quotaTable'
import { textToLexical } from '../../plugins/submission-spec'

// From the project root (the server and every script run there): inside Next's bundle
// import.meta.url points into .next/, not at this folder.
const noticesDir = path.resolve('src', 'seed', 'notices')

export type SeedReport = {
  /** New documents per collection; all zero when the data was already there. */
  created: Partial<Record<CollectionSlug, number>>
  quotaTables: { source: string; rowsLoaded: number; problems: QuotaProblem[] }[]
}

/**
 * Loads the demo data in one transaction: all of it or nothing. Every record is looked up by
 * its natural key first and only created when missing, so seeding twice changes nothing.
 */
export const seed = async ({
  payload,
  data,
}: {
  payload: Payload
  data: SeedData
}): Promise<SeedReport> => {
  const req = await createLocalReq({ context: { isSeeding: true } }, payload)
  await initTransaction(req)
  try {
    const report = await load({ payload, data, req })
    await commitTransaction(req)
    return report
  } catch (err) {
    await killTransaction(req)
    throw err
  }
}

const load = async ({
  payload,
  data,
  req,
}: {
  payload: Payload
  data: SeedData
  req: PayloadRequest
}) => {
  const report: SeedReport = { created: {}, quotaTables: [] }

  /** Finds the one document matching `where`, or creates it from `create()`. */
  const ensure = async <S extends CollectionSlug>(
    collection: S,
    where: Where,
    create: () => Promise<Record<string, unknown>> | Record<string, unknown>,
  ): Promise<number> => {
    const { docs } = await payload.find({
      collection,
      where,
      limit: 1,
      depth: 0,
      draft: true,
      req,
      pagination: false,
    })
    if (docs[0]) {
      return Number(docs[0].id)
    }
    const doc = await payload.create({ collection, data: (await create()) as never, depth: 0, req })
    report.created[collection] = (report.created[collection] ?? 0) + 1
    return Number(doc.id)
  }

  const lookup = (map: Map<string, number>, key: string, what: string): number => {
    const id = map.get(key)
    if (id === undefined) {
      throw new Error(
        `种子数据引用了不存在的${what}“${key}” / seed data refers to a missing ${what} "${key}"`,
      )
    }
    return id
  }

  const organizers = new Map<string, number>()
  for (const { parent, ...organizer } of data.organizers) {
    const id = await ensure('organizers', { name: { equals: organizer.name } }, () => ({
      ...organizer,
      parent: parent ? lookup(organizers, parent, '单位') : undefined,
    }))
    organizers.set(organizer.name, id)
  }

  const contacts = new Map<string, number>()
  for (const { organizer, ...contact } of data.contacts) {
    const organizerId = lookup(organizers, organizer, '单位')
    const id = await ensure(
      'contacts',
      { and: [{ name: { equals: contact.name } }, { organizer: { equals: organizerId } }] },
      () => ({ ...contact, organizer: organizerId }),
    )
    contacts.set(contact.name, id)
  }

  const campaigns = new Map<string, number>()
  for (const { key, parent, hosts = [], participants = [], ...campaign } of data.campaigns) {
    const id = await ensure(
      'campaigns',
      { and: [{ name: { equals: campaign.name } }, { year: { equals: campaign.year } }] },
      () => ({
        ...campaign,
        parent: parent ? lookup(campaigns, parent, '主题活动') : undefined,
        hosts: hosts.map((name) => lookup(organizers, name, '单位')),
        participants: participants.map((name) => lookup(organizers, name, '单位')),
      }),
    )
    campaigns.set(key, id)
  }

  const subProjectsByCampaign = new Map<
    string,
    { id: number; name: string; quotaColumn?: string }[]
  >()
  for (const {
    campaign,
    host,
    contacts: contactNames = [],
    quotaColumn,
    ...subProject
  } of data.subProjects) {
    const campaignId = lookup(campaigns, campaign, '主题活动')
    const id = await ensure(
      'sub-projects',
      { and: [{ campaign: { equals: campaignId } }, { name: { equals: subProject.name } }] },
      () => ({
        ...subProject,
        _status: 'published',
        campaign: campaignId,
        host: host ? lookup(organizers, host, '单位') : undefined,
        contacts: contactNames.map((name) => lookup(contacts, name, '联系人')),
      }),
    )
    const list = subProjectsByCampaign.get(campaign) ?? []
    list.push({ id, name: subProject.name, quotaColumn })
    subProjectsByCampaign.set(campaign, list)
  }

  // A forwarding notice needs the one it forwards: those without `forwards` go first.
  const notices = new Map<string, number>()
  const inOrder = [...data.notices].sort(
    (a, b) => Number(Boolean(a.forwards)) - Number(Boolean(b.forwards)),
  )
  for (const notice of inOrder) {
    const documentNumber = notice.documentNumber ? normalized(notice.documentNumber) : undefined
    const id = await ensure(
      'notices',
      documentNumber
        ? { documentNumber: { equals: documentNumber } }
        : { title: { equals: notice.title } },
      () => noticeData({ notice, organizers, contacts, campaigns, notices, lookup }),
    )
    if (documentNumber) {
      notices.set(documentNumber, id)
    }
  }

  for (const { organizer, ...site } of data.partnerSites) {
    await ensure('partner-sites', { name: { equals: site.name } }, () => ({
      ...site,
      organizer: organizer ? lookup(organizers, organizer, '单位') : undefined,
      isActive: true,
    }))
  }

  for (const quotaTable of data.quotaTables) {
    const campaignId = lookup(campaigns, quotaTable.campaign, '主题活动')
    const subProjects = subProjectsByCampaign.get(quotaTable.campaign) ?? []
    const columns: Record<string, QuotaColumnTarget> = { 线下活动: { kind: 'offline-events' } }
    for (const subProject of subProjects) {
      if (subProject.quotaColumn) {
        columns[normalizeHeading(subProject.quotaColumn)] = {
          kind: 'works',
          subProject: subProject.name,
        }
      }
    }
    const { rows, problems } = parseQuotaTable({ table: quotaTable.table, columns })
    for (const subProject of subProjects.filter((s) => !s.quotaColumn)) {
      problems.push({
        row: 'header',
        message: `子项目“${subProject.name}”在表中没有对应的列，未导入其任务 / sub-project "${subProject.name}" has no column in the table: no quota loaded for it`,
      })
    }
    let rowsLoaded = 0
    for (const row of rows) {
      const unitId = organizers.get(row.unit)
      if (unitId === undefined) {
        problems.push({
          row: row.rowNumber,
          unit: row.unit,
          message: `单位“${row.unit}”不存在，本行未导入 / unknown unit, row not loaded`,
        })
        continue
      }
      const subProjectId = (name: string) => subProjects.find((s) => s.name === name)!.id
      await ensure(
        'quotas',
        { and: [{ campaign: { equals: campaignId } }, { unit: { equals: unitId } }] },
        () => ({
          campaign: campaignId,
          unit: unitId,
          offlineEvents: row.offlineEvents,
          works: row.works.map((w) => ({ subProject: subProjectId(w.subProject), count: w.count })),
        }),
      )
      rowsLoaded += 1
    }
    report.quotaTables.push({ source: quotaTable.source, rowsLoaded, problems })
  }

  for (const { campaign, unit, channels, ...column } of data.columns ?? []) {
    const campaignId = lookup(campaigns, campaign, '主题活动')
    const unitId = lookup(organizers, unit, '单位')
    for (const channel of channels) {
      await ensure(
        'columns',
        {
          and: [
            { campaign: { equals: campaignId } },
            { unit: { equals: unitId } },
            { channel: { equals: channel } },
          ],
        },
        () => ({
          ...column,
          campaign: campaignId,
          unit: unitId,
          channel,
          sections: column.sections.map(({ notices: numbers = [], ...section }) => ({
            ...section,
            items: numbers.map((number) => ({
              relationTo: 'notices',
              value: lookup(notices, normalized(number), '通知'),
            })),
          })),
          hasInteractionWindow: true,
          interactionWindow: { moderation: 'pre', comments: true, contributions: true },
          _status: 'published',
        }),
      )
    }
  }
  for (const { word, action } of data.sensitiveWords ?? []) {
    await ensure(
      'sensitive-words',
      { and: [{ word: { equals: word } }, { campaign: { exists: false } }] },
      () => ({ word, action }),
    )
  }
  for (const { column: title, channel, ...interaction } of data.interactions ?? []) {
    const { docs } = await payload.find({
      collection: 'columns',
      where: { and: [{ title: { contains: title } }, { channel: { equals: channel } }] },
      limit: 1,
      depth: 0,
      req,
    })
    const column = docs[0]
    if (!column) {
      throw new Error(`seed: no column “${title}” on ${channel}`)
    }
    await ensure(
      'interactions',
      { and: [{ column: { equals: column.id } }, { body: { equals: interaction.body } }] },
      () => ({
        ...interaction,
        kind: 'comment',
        column: column.id,
        campaign: column.campaign,
        unit: column.unit,
      }),
    )
  }
  return report
}

const normalized = (documentNumber: string): string => {
  const result = parseDocumentNumber(documentNumber)
  if (!result.ok) {
    throw new Error(result.error)
  }
  return result.value.normalized
}

const noticeData = async ({
  notice,
  organizers,
  contacts,
  campaigns,
  notices,
  lookup,
}: {
  notice: SeedNotice
  organizers: Map<string, number>
  contacts: Map<string, number>
  campaigns: Map<string, number>
  notices: Map<string, number>
  lookup: (map: Map<string, number>, key: string, what: string) => number
}) => {
  const body = await fs.readFile(path.join(noticesDir, notice.bodyFile), 'utf8')
  return {
    title: notice.title,
    documentNumber: notice.documentNumber,
    issuers: notice.issuers.map((name) => lookup(organizers, name, '单位')),
    issueDate: notice.issueDate,
    recipients: notice.recipients,
    campaign: notice.campaign ? lookup(campaigns, notice.campaign, '主题活动') : undefined,
    body: textToLexical(body),
    attachments: notice.attachments,
    contacts: (notice.contacts ?? []).map((name) => lookup(contacts, name, '联系人')),
    forwards: notice.forwards ? lookup(notices, normalized(notice.forwards), '通知') : undefined,
    forwardingText: notice.forwardingText,
    _status: notice.isPublished ? 'published' : 'draft',
  }
}

/** The report as lines for the log: what was created and what the quota import could not place. */
export const formatSeedReport = (report: SeedReport): string[] => {
  const created = Object.entries(report.created)
    .map(([slug, count]) => `${slug} ${count}`)
    .join(', ')
  const lines = [
    created
      ? `演示数据已导入 / demo data loaded: ${created}`
      : '演示数据已存在，未作改动 / demo data already present, nothing changed',
  ]
  for (const table of report.quotaTables) {
    lines.push(
      `任务分解表 ${table.source}: 导入 ${table.rowsLoaded} 行，${table.problems.length} 处无法导入 / ${table.rowsLoaded} rows loaded, ${table.problems.length} problems:`,
    )
    for (const problem of table.problems) {
      const where =
        problem.row === 'header'
          ? '表头'
          : problem.row === 'total'
            ? '合计行'
            : `第 ${problem.row} 行 ${problem.unit ?? ''}`
      lines.push(`  - ${where}: ${problem.message}`)
    }
  }
  return lines
}
