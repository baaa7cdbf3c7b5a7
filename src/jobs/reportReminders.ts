import type { PayloadRequest, TaskConfig } from 'payload'

import { extractID } from 'payload/shared'

import { closesAt, deadlineDay, defaultTimeZone } from '../../plugins/shared/deadline'
import { poolOf } from '../../plugins/shared/pool'
import { campaignProgress } from '../reporting/progress'

/** Days before a deadline the units behind quota are reminded, unless the campaign says. */
export const defaultReminderDays = 3

/** The task that reminds units behind quota before a sub-project's deadline. */
export const reminderTaskSlug = 'remindBehindQuota'

const dayMs = 86_400_000

/**
 * Claims the reminder of one sub-project's deadline, once: a second run, or a second worker at
 * the same moment, finds it taken. A deadline moved later is a new deadline, reminded again.
 */
const claimReminder = async (req: PayloadRequest, subProjectId: number, deadline: string) => {
  const { rowCount } = await poolOf(req.payload).query(
    `update sub_projects set reminded_for = $2
      where id = $1 and reminded_for is distinct from $2::timestamptz`,
    [subProjectId, deadline],
  )
  return rowCount === 1
}

type Rel = number | { id: number } | null | undefined

/**
 * 催报: each morning, for every open sub-project of an active campaign whose deadline falls within
 * the campaign's reminder window (`reporting.reminderDays`, 3 by default), mails each reporting
 * unit still behind its quota — the unit's reporting mailbox and its contacts — and the
 * campaign's hosts a digest of who is behind. Each deadline is reminded once.
 */
export const reportRemindersTask: TaskConfig<'remindBehindQuota'> = {
  slug: reminderTaskSlug,
  label: '截止前催报 / Remind units behind quota',
  // 09:00 Beijing time.
  schedule: [{ cron: '0 0 1 * * *', queue: 'default' }],
  retries: { attempts: 3 },
  inputSchema: [],
  outputSchema: [{ name: 'reminded', type: 'number' }],
  handler: async ({ req }) => {
    const { payload } = req
    const now = Date.now()
    const { docs: campaigns } = await payload.find({
      collection: 'campaigns',
      where: { status: { equals: 'active' } },
      depth: 0,
      limit: 0,
      pagination: false,
      select: { name: true, hosts: true, timeZone: true, reporting: true },
      req,
    })
    let reminded = 0
    for (const campaign of campaigns) {
      const timeZone = campaign.timeZone || defaultTimeZone
      const windowMs = (campaign.reporting?.reminderDays ?? defaultReminderDays) * dayMs
      const { docs: subProjects } = await payload.find({
        collection: 'sub-projects',
        where: {
          and: [
            { campaign: { equals: campaign.id } },
            { _status: { equals: 'published' } },
            { deadline: { exists: true } },
          ],
        },
        depth: 0,
        limit: 0,
        pagination: false,
        select: { name: true, deadline: true },
        req,
      })
      const due = subProjects.filter((subProject) => {
        const closes = closesAt(subProject.deadline!, timeZone).getTime()
        return closes > now && closes - now <= windowMs
      })
      if (!due.length) {
        continue
      }
      const progress = await campaignProgress({ req, campaignId: campaign.id, asSystem: true })
      const digest: string[] = []
      for (const subProject of due) {
        if (!(await claimReminder(req, subProject.id, subProject.deadline!))) {
          continue
        }
        const column = progress.subProjects.findIndex((each) => each.id === subProject.id)
        const day = deadlineDay(subProject.deadline!, timeZone)
        const behind = progress.rows.filter((row) => row.cells[column]?.state === 'behind')
        for (const row of behind) {
          const cell = row.cells[column]!
          const recipients = await unitRecipients(req, row.unit.id)
          if (recipients.length) {
            await payload.sendEmail({
              to: recipients.join(', '),
              subject: `催报：“${subProject.name}”将于 ${day} 截止`,
              text: [
                `${row.unit.name}：`,
                `“${campaign.name}”的“${subProject.name}”将于 ${day} 24 时截止报送。`,
                `贵单位已报送 ${cell.reported} 件，任务${cell.mode === 'exact' ? '' : '至少'} ${cell.quota} 件，尚差 ${cell.quota! - cell.reported} 件，请抓紧报送。`,
              ].join('\n'),
            })
            reminded += 1
          }
          digest.push(
            `${subProject.name}（${day} 截止）：${row.unit.name} 已报送 ${cell.reported} / ${cell.quota}`,
          )
        }
      }
      const hostMailboxes = await hostRecipients(req, campaign)
      if (digest.length && hostMailboxes.length) {
        await payload.sendEmail({
          to: hostMailboxes.join(', '),
          subject: `催报汇总：${campaign.name}`,
          text: [`以下单位尚未完成报送任务，已发送催报邮件：`, ...digest].join('\n'),
        })
      }
    }
    return { output: { reminded } }
  },
}

/** A unit's reporting mailbox and the e-mail addresses of its contacts. */
const unitRecipients = async (req: PayloadRequest, unitId: number) => {
  const unit = await req.payload.findByID({
    collection: 'organizers',
    id: unitId,
    depth: 0,
    select: { reportingMailbox: true },
    req,
  })
  const { docs: contacts } = await req.payload.find({
    collection: 'contacts',
    where: { organizer: { equals: unitId } },
    depth: 0,
    limit: 0,
    pagination: false,
    select: { email: true },
    req,
  })
  return [
    ...new Set([unit.reportingMailbox, ...contacts.map((each) => each.email)].filter(Boolean)),
  ] as string[]
}

/** Where the organizer's digest goes: the campaign's mailbox and its hosts' mailboxes. */
const hostRecipients = async (
  req: PayloadRequest,
  campaign: { hosts?: Rel[] | null; reporting?: { mailbox?: string | null } | null },
) => {
  const hostIds = (campaign.hosts ?? []).map((host) => Number(extractID(host!)))
  const { docs: hosts } = await req.payload.find({
    collection: 'organizers',
    where: { id: { in: hostIds.length ? hostIds : [0] } },
    depth: 0,
    limit: 0,
    pagination: false,
    select: { reportingMailbox: true },
    req,
  })
  return [
    ...new Set(
      [campaign.reporting?.mailbox, ...hosts.map((host) => host.reportingMailbox)].filter(Boolean),
    ),
  ] as string[]
}
