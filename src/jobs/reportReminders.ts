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
const claimReminder = async (
  req: PayloadRequest,
  claim: DueReminder['claim'],
  deadline: string,
): Promise<boolean> => {
  // The table is one of two fixed names, never input.
  const { rowCount } = await poolOf(req.payload).query(
    `update ${claim.table} set reminded_for = $2
      where id = $1 and reminded_for is distinct from $2::timestamptz`,
    [claim.id, deadline],
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
      select: { name: true, hosts: true, timeZone: true, reporting: true, phases: true },
      req,
    })
    let reminded = 0
    for (const campaign of campaigns) {
      const timeZone = campaign.timeZone || defaultTimeZone
      const windowMs = (campaign.reporting?.reminderDays ?? defaultReminderDays) * dayMs
      const isDue = (deadline: string) => {
        const closes = closesAt(deadline, timeZone).getTime()
        return closes > now && closes - now <= windowMs
      }
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
      // What falls due: each call's own deadline, for every level; and each deadline of the
      // campaign's phases that names a level (县级 9月15日前), for that level's units.
      const due: DueReminder[] = [
        ...subProjects
          .filter((subProject) => isDue(subProject.deadline!))
          .map((subProject) => ({
            what: `“${subProject.name}”`,
            deadline: subProject.deadline!,
            subProject: subProject.id,
            claim: { table: 'sub_projects' as const, id: subProject.id },
          })),
        ...(campaign.phases ?? []).flatMap((phase) =>
          (phase.deadlines ?? [])
            .filter((deadline) => deadline.level && deadline.id && isDue(deadline.date))
            .map((deadline) => ({
              what: deadline.due,
              deadline: deadline.date,
              level: deadline.level!,
              subProject: deadline.subProject ? Number(extractID(deadline.subProject)) : undefined,
              claim: { table: 'campaigns_phases_deadlines' as const, id: deadline.id! },
            })),
        ),
      ]
      if (!due.length) {
        continue
      }
      const progress = await campaignProgress({ req, campaignId: campaign.id, asSystem: true })
      const levels = await unitLevels(
        req,
        progress.rows.map((row) => row.unit.id),
      )
      const digest: string[] = []
      for (const reminder of due) {
        if (!(await claimReminder(req, reminder.claim, reminder.deadline))) {
          continue
        }
        const day = deadlineDay(reminder.deadline, timeZone)
        const columns = progress.subProjects
          .map((subProject, index) => ({ subProject, index }))
          .filter(({ subProject }) => !reminder.subProject || subProject.id === reminder.subProject)
        for (const row of progress.rows) {
          if (reminder.level && levels.get(row.unit.id) !== reminder.level) {
            continue
          }
          const behind = columns
            .map(({ subProject, index }) => ({ subProject, cell: row.cells[index]! }))
            .filter(({ cell }) => cell.state === 'behind')
          if (!behind.length) {
            continue
          }
          const lines = behind.map(
            ({ subProject, cell }) =>
              `“${subProject.name}”已报送 ${cell.reported} 件，任务${cell.mode === 'exact' ? '' : '至少'} ${cell.quota} 件，尚差 ${cell.quota! - cell.reported} 件`,
          )
          const recipients = await unitRecipients(req, row.unit.id)
          if (recipients.length) {
            await payload.sendEmail({
              to: recipients.join(', '),
              subject: `催报：${reminder.what}将于 ${day} 截止`,
              text: [
                `${row.unit.name}：`,
                `“${campaign.name}”的${reminder.what}将于 ${day} 24 时截止报送。`,
                ...lines.map((line) => `贵单位${line}。`),
                '请抓紧报送。',
              ].join('\n'),
            })
            reminded += 1
          }
          digest.push(
            ...behind.map(
              ({ subProject, cell }) =>
                `${reminder.what}（${day} 截止）：${row.unit.name} ${subProject.name} 已报送 ${cell.reported} / ${cell.quota}`,
            ),
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

type DueReminder = {
  /** What is due, as the mail names it: a call (“网络正能量微视频征集”) or a phase's 截止事项. */
  what: string
  deadline: string
  /** Only the units of this level (a phase deadline naming one); every level otherwise. */
  level?: string
  /** Only this sub-project's quota; every sub-project otherwise. */
  subProject?: number
  /** The row that records the deadline reminded. */
  claim: { table: 'sub_projects' | 'campaigns_phases_deadlines'; id: number | string }
}

/** The levels (县级, 市级 …) of the reporting units. */
const unitLevels = async (req: PayloadRequest, ids: number[]) => {
  const { docs } = await req.payload.find({
    collection: 'organizers',
    where: { id: { in: ids.length ? ids : [0] } },
    depth: 0,
    limit: 0,
    pagination: false,
    select: { level: true },
    req,
  })
  return new Map(docs.map((doc) => [Number(doc.id), doc.level]))
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
