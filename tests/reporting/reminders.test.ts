/**
 * 催报: three days before a deadline, each unit still behind its quota gets a reminder (its
 * reporting mailbox and its contacts) and the host a digest; a deadline is reminded once; a unit
 * on track, and a deadline further off, get nothing. Real SMTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Booted } from '../helpers/payload'
import type { Mailbox } from '../helpers/smtp'

import { bootPayload } from '../helpers/payload'
import { startMailbox } from '../helpers/smtp'
import { waitUntil } from '../helpers/wait'

let booted: Booted
let mailbox: Mailbox
const ids: Record<string, number> = {}
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()

beforeAll(async () => {
  mailbox = await startMailbox()
  booted = await bootPayload({ name: 'reporting_reminders', env: mailbox.env })
  const { payload } = booted
  const create = async (collection: string, data: Record<string, unknown>) =>
    Number(
      (await payload.create({ collection: collection as 'organizers', data: data as never })).id,
    )
  ids.linfen = await create('organizers', {
    name: '临汾市总工会',
    kind: 'federation',
    level: 'city',
    reportingMailbox: 'lfghwlzx@163.com',
  })
  ids.yaodu = await create('organizers', {
    name: '尧都区总工会',
    kind: 'federation',
    level: 'county',
    parent: ids.linfen,
    reportingMailbox: 'yaodu@test.local',
  })
  ids.huozhou = await create('organizers', {
    name: '霍州市总工会',
    kind: 'federation',
    level: 'county',
    parent: ids.linfen,
    reportingMailbox: 'huozhou@test.local',
  })
  await create('contacts', {
    name: '王联络员',
    organizer: ids.yaodu,
    email: 'wang@yaodu.test',
    workingGroupRole: 'liaison',
  })
  ids.campaign = await create('campaigns', {
    name: '2020年临汾市主题活动',
    year: 2020,
    status: 'active',
    hosts: [ids.linfen],
    participants: [ids.yaodu, ids.huozhou],
  })
  const call = (name: string, deadline: string) =>
    create('sub-projects', {
      campaign: ids.campaign,
      name,
      kind: 'micro-video',
      quota: { mode: 'minimum', count: 1 },
      deadline,
      _status: 'published',
    })
  ids.soon = await call('网络正能量微视频征集', inDays(2))
  ids.later = await call('网络正能量摄影作品征集', inDays(20))
  // 霍州市 has reported its one work on the call closing soon; 尧都区 nothing.
  await create('entries', {
    title: '霍州市：战疫一线',
    subProject: ids.soon,
    submittingUnit: ids.huozhou,
    status: 'reported',
  })
}, 300_000)

afterAll(async () => {
  await booted?.payload.destroy()
  await mailbox?.close()
})

const remind = async () => {
  await booted.payload.jobs.queue({ task: 'remindBehindQuota', input: {} })
  await booted.payload.jobs.run({ limit: 10 })
}

describe('reminders before a deadline (催报)', () => {
  it('mails the unit behind quota and its contacts, and the host a digest', async () => {
    await remind()
    const reminder = await mailbox.waitFor((m) =>
      Boolean(m.subject?.startsWith('催报：“网络正能量微视频征集”')),
    )
    expect((reminder.to as { text: string }).text).toBe('yaodu@test.local, wang@yaodu.test')
    expect(reminder.text).toContain('已报送 0 件，任务至少 1 件，尚差 1 件')
    const digest = await mailbox.waitFor((m) => m.subject === '催报汇总：2020年临汾市主题活动')
    expect((digest.to as { text: string }).text).toBe('lfghwlzx@163.com')
    expect(digest.text).toContain('尧都区总工会 网络正能量微视频征集 已报送 0 / 1')
    expect(digest.text).not.toContain('霍州市')
    // Nothing to the county on track, nothing about the call closing in 20 days.
    expect(
      mailbox.messages.filter((m) => (m.to as { text: string }).text.includes('huozhou')),
    ).toEqual([])
    expect(mailbox.messages.filter((m) => m.subject?.includes('摄影'))).toEqual([])
  })

  it('reminds of a deadline once, and again when the deadline moves', async () => {
    const before = mailbox.messages.length
    await remind()
    expect(mailbox.messages.length).toBe(before)

    await booted.payload.update({
      collection: 'sub-projects',
      id: ids.soon,
      data: { deadline: inDays(1) },
    })
    await remind()
    await waitUntil(
      () =>
        mailbox.messages
          .slice(before)
          .some((m) => Boolean(m.subject?.startsWith('催报：“网络正能量微视频征集”'))),
      { what: 'the reminder of the moved deadline' },
    )
  })

  it('reminds the units of a level before that level’s deadline in the campaign’s phases', async () => {
    // 县级工会 are to report their photographs within two days, though the call itself runs on.
    await booted.payload.update({
      collection: 'campaigns',
      id: ids.campaign,
      data: {
        phases: [
          {
            name: '作品征集',
            deadlines: [
              {
                date: inDays(2),
                due: '县级工会报送摄影作品',
                level: 'county',
                subProject: ids.later,
              },
              { date: inDays(2), due: '市级工会报送', level: 'city' },
            ],
          },
        ],
      },
    })
    const before = mailbox.messages.length
    await remind()
    const subject = (m: { subject?: string }) =>
      Boolean(m.subject?.startsWith('催报：县级工会报送摄影作品将于'))
    await waitUntil(() => mailbox.messages.slice(before).filter(subject).length === 2, {
      what: 'both counties reminded of their photographs',
    })
    const sent = mailbox.messages.slice(before).filter(subject)
    expect(sent.map((m) => (m.to as { text: string }).text).sort()).toEqual([
      'huozhou@test.local',
      'yaodu@test.local, wang@yaodu.test',
    ])
    expect(sent[0]!.text).toContain('“网络正能量摄影作品征集”已报送 0 件，任务至少 1 件')
    // The city's deadline reminds no county; run again, nothing more.
    expect(mailbox.messages.slice(before).filter((m) => m.subject?.includes('市级'))).toEqual([])
    await remind()
    expect(mailbox.messages.filter(subject)).toHaveLength(2)
  })
})
