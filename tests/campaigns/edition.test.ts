/**
 * 复制为新一年度: the national 2016 campaign (国信办通字〔2016〕2号, “中国梦·大国工匠篇”) made into
 * its 2026 edition over REST, as the national office and as an organizer of a host would, and
 * every copied part checked; a chosen start date, the options, bad input and a failure halfway
 * (nothing left), and who may do it.
 */
import { sql } from '@payloadcms/db-postgres'
import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../helpers/api'
import type { Booted } from '../helpers/payload'

import { makeVideo, removeFixtures } from '../../plugins/submission-spec/tests/fixtures'
import { seedData } from '../../src/seed/data'
import { apiClient } from '../helpers/api'
import { serveApp } from '../helpers/http'
import { bootPayload, testAdmin } from '../helpers/payload'

let booted: Booted
let server: Awaited<ReturnType<typeof serveApp>>
const ids: Record<string, number> = {}
const as = {} as Record<'admin' | 'acftuOrganizer' | 'sichuanOrganizer' | 'anonymous', Api>
const password = 'edition-test-password-1'

const national = seedData.campaigns.find((c) => c.key === 'national-2016-craftsmen')!
const columnTitle = `人民网·${national.name}`

beforeAll(async () => {
  booted = await bootPayload({ name: 'campaign_edition' })
  server = await serveApp({ payload: () => booted.payload, config: booted.config })
  const { payload } = booted
  const create = async (collection: string, data: Record<string, unknown>) =>
    Number(
      (await payload.create({ collection: collection as 'organizers', data: data as never })).id,
    )
  for (const name of [...national.hosts!, ...national.participants!, '四川省总工会']) {
    const seeded = seedData.organizers.find((o) => o.name === name)
    ids[name] = await create('organizers', {
      name,
      kind: seeded?.kind ?? 'federation',
      level: seeded?.level ?? 'provincial',
    })
  }
  const acftu = ids['中华全国总工会']!
  const clip = await makeVideo({ seconds: 1, withSubtitles: false })
  const clipData = await fs.readFile(clip)
  ids.introClip = Number(
    (
      await payload.create({
        collection: 'media',
        data: { alt: '央视网制作的片头' },
        file: {
          data: clipData,
          mimetype: 'video/mp4',
          name: path.basename(clip),
          size: clipData.length,
        },
      })
    ).id,
  )
  ids.contact = await create('contacts', {
    name: '全总宣教部联系人',
    organizer: acftu,
    mobile: '13800000000',
  })
  ids.source = await create('campaigns', {
    name: national.name,
    year: 2016,
    status: 'closed',
    theme: national.theme,
    label: national.label,
    period: { start: '2016-04-01T00:00:00+08:00', end: '2016-10-31T00:00:00+08:00' },
    hosts: national.hosts!.map((name) => ids[name]),
    participants: national.participants!.map((name) => ids[name]),
    introClip: ids.introClip,
    unification: {
      themeRule: 'enforce',
      labelRule: 'warn',
      labelPosition: 'prefix',
      labelBrackets: '【】',
    },
    reporting: { mailbox: 'xjb@acftu.org', lateReporting: 'refuse', reminderDays: 5 },
    propagandistTargets: [{ tier: '网评员', count: 100 }],
  })
  ids.microVideo = await create('sub-projects', {
    campaign: ids.source,
    name: '大国工匠微视频',
    kind: 'micro-video',
    deadline: '2016-09-30T00:00:00+08:00',
    description: '视频作品统一添加由央视网制作的片头',
    host: ids['央视网'],
    platforms: [{ kind: 'website', name: '央视网', address: 'http://www.cctv.com' }],
    contacts: [ids.contact],
    quota: { mode: 'minimum', count: 3 },
    voting: {
      enabled: true,
      opensAt: '2016-10-01T00:00:00+08:00',
      closesAt: '2016-10-15T00:00:00+08:00',
      perVoterPerDay: 1,
    },
    spec: {
      mediaKinds: ['video'],
      containers: ['mp4'],
      maxDurationSeconds: 300,
      audibleAudioRequired: true,
      originalityRequired: true,
      declarations: [{ text: '作品不涉及商业广告' }],
      notes: '统一添加片头',
    },
    _status: 'published',
  })
  ids.reports = await create('sub-projects', {
    campaign: ids.source,
    name: '大国工匠人物报道',
    kind: 'other',
    spec: { mediaKinds: ['text', 'image'] },
    _status: 'draft',
  })
  await payload.update({
    collection: 'campaigns',
    id: ids.source,
    data: {
      phases: [
        {
          name: '专栏上线',
          start: '2016-04-01T00:00:00+08:00',
          end: '2016-04-30T00:00:00+08:00',
          deadlines: [
            {
              date: '2016-04-20T00:00:00+08:00',
              due: '各网站开设专栏',
              subProject: ids.microVideo,
            },
          ],
        },
        { name: '集中宣传', start: '2016-05-01T00:00:00+08:00', end: '2016-09-30T00:00:00+08:00' },
      ],
    },
  })
  ids.quota = await create('quotas', {
    campaign: ids.source,
    unit: ids['人民网'],
    offlineEvents: 1,
    works: [{ subProject: ids.microVideo, count: 5 }],
  })
  ids.people = await create('partner-sites', {
    name: '人民网',
    kind: 'central-news-site',
    organizer: ids['人民网'],
    channels: ['pc', 'app'],
    push: { campaigns: [ids.source] },
  })
  ids.xinhua = await create('partner-sites', {
    name: '新华网',
    kind: 'central-news-site',
    organizer: ids['新华网'],
  })
  ids.column = await create('columns', {
    title: columnTitle,
    partnerSite: ids.people,
    campaign: ids.source,
    channel: 'pc',
    url: 'http://www.people.com.cn/gjgj',
    hasInteractionWindow: true,
  })
  const user = (email: string, organizer: number) =>
    create('users', { email, password, role: 'organizer', organizer, name: email })
  await user('acftu@edition.test', acftu)
  await user('sichuan@edition.test', ids['四川省总工会']!)
  as.admin = await apiClient(server.url)
  as.acftuOrganizer = await apiClient(server.url, { email: 'acftu@edition.test', password })
  as.sichuanOrganizer = await apiClient(server.url, { email: 'sichuan@edition.test', password })
  as.anonymous = await apiClient(server.url, null)
}, 180_000)

afterAll(async () => {
  await server?.close()
  await booted?.payload.destroy()
  await removeFixtures()
})

/** Everything an edition writes, counted: a refusal must leave these as they were. */
const counts = async () => {
  const { payload } = booted
  const count = async (collection: 'campaigns' | 'sub-projects' | 'quotas' | 'columns') =>
    (await payload.count({ collection, overrideAccess: true })).totalDocs
  const site = await payload.findByID({ collection: 'partner-sites', id: ids.people!, depth: 0 })
  return {
    campaigns: await count('campaigns'),
    subProjects: await count('sub-projects'),
    quotas: await count('quotas'),
    columns: await count('columns'),
    peopleTakes: (site.push?.campaigns ?? []).length,
  }
}

const newName = `2026年${national.name}`
const newTheme = '弘扬劳模精神、劳动精神、工匠精神'

describe('复制为新一年度: the national 2016 campaign into 2026', () => {
  it('previews everything the edition will hold, writing nothing', async () => {
    const before = await counts()
    const { status, body } = await as.admin.post(`/api/campaigns/${ids.source}/clone/preview`, {
      year: 2026,
    })
    expect(status, JSON.stringify(body)).toBe(200)
    expect(body.campaign).toMatchObject({
      name: newName,
      year: 2026,
      theme: national.theme,
      label: '中国梦·大国工匠篇',
      hosts: 2,
      participants: national.participants!.length,
      introClip: ids.introClip,
      parent: null,
    })
    // Beijing midnight of 1 April 2026, as 1 April 2016 was.
    expect(body.campaign.period.start).toBe('2026-03-31T16:00:00.000Z')
    expect(body.campaign.phases[0].deadlines).toEqual(['2026-04-19 各网站开设专栏'])
    expect(body.shift).toEqual({ by: 'years', years: 10 })
    expect(body.subProjects.map((s: { title: string }) => s.title)).toEqual([
      '大国工匠微视频',
      '大国工匠人物报道',
    ])
    expect(body.columns).toEqual([{ from: ids.column, title: `人民网·${newName}` }])
    expect(body.partnerSites).toEqual({
      taken: [{ from: ids.people, title: '人民网' }],
      skipped: [],
    })
    expect(await counts()).toEqual(before)
  })

  it('creates it as drafts in one action, every part copied and moved to 2026', async () => {
    const { status, body } = await as.admin.post(`/api/campaigns/${ids.source}/clone`, {
      year: 2026,
      theme: newTheme,
    })
    expect(status, JSON.stringify(body)).toBe(201)
    expect(body.message).toMatch(
      /^已创建“2026年“中国梦·大国工匠篇”大型主题宣传活动”（筹备中）：子项目 2 个（草稿）、任务表 1 行、专栏 1 个、合作网站 1 家 \/ created/,
    )
    const { payload } = booted
    const edition = await payload.findByID({
      collection: 'campaigns',
      id: body.campaign.id,
      depth: 0,
    })
    expect(edition).toMatchObject({
      name: newName,
      year: 2026,
      status: 'draft',
      theme: newTheme,
      label: '中国梦·大国工匠篇',
      hosts: national.hosts!.map((name) => ids[name]),
      participants: national.participants!.map((name) => ids[name]),
      introClip: ids.introClip,
      clonedFrom: ids.source,
      unification: {
        themeRule: 'enforce',
        labelRule: 'warn',
        labelPosition: 'prefix',
        labelBrackets: '【】',
      },
      reporting: { mailbox: 'xjb@acftu.org', lateReporting: 'refuse', reminderDays: 5 },
      propagandistTargets: [{ tier: '网评员', count: 100 }],
      period: { start: '2026-03-31T16:00:00.000Z', end: '2026-10-30T16:00:00.000Z' },
    })
    const subProjects = (
      await payload.find({
        collection: 'sub-projects',
        where: { campaign: { equals: edition.id } },
        draft: true,
        sort: 'id',
        depth: 0,
      })
    ).docs
    expect(subProjects.map((s) => [s.name, s._status])).toEqual([
      ['大国工匠微视频', 'draft'],
      ['大国工匠人物报道', 'draft'],
    ])
    const [video] = subProjects
    expect(video).toMatchObject({
      kind: 'micro-video',
      deadline: '2026-09-29T16:00:00.000Z',
      description: '视频作品统一添加由央视网制作的片头',
      host: ids['央视网'],
      platforms: [{ kind: 'website', name: '央视网', address: 'http://www.cctv.com' }],
      contacts: [ids.contact],
      quota: { mode: 'minimum', count: 3 },
      voting: {
        enabled: true,
        opensAt: '2026-09-30T16:00:00.000Z',
        closesAt: '2026-10-14T16:00:00.000Z',
        perVoterPerDay: 1,
      },
      spec: {
        mediaKinds: ['video'],
        containers: ['mp4'],
        maxDurationSeconds: 300,
        audibleAudioRequired: true,
        originalityRequired: true,
        declarations: [{ text: '作品不涉及商业广告' }],
        notes: '统一添加片头',
      },
    })
    // The deadline names the new edition's call, not last year's.
    expect(edition.phases).toMatchObject([
      {
        name: '专栏上线',
        start: '2026-03-31T16:00:00.000Z',
        end: '2026-04-29T16:00:00.000Z',
        deadlines: [
          { date: '2026-04-19T16:00:00.000Z', due: '各网站开设专栏', subProject: video!.id },
        ],
      },
      { name: '集中宣传', start: '2026-04-30T16:00:00.000Z', end: '2026-09-29T16:00:00.000Z' },
    ])
    const quotas = (
      await payload.find({
        collection: 'quotas',
        where: { campaign: { equals: edition.id } },
        depth: 0,
      })
    ).docs
    expect(quotas).toMatchObject([
      { unit: ids['人民网'], offlineEvents: 1, works: [{ subProject: video!.id, count: 5 }] },
    ])
    const columns = (
      await payload.find({
        collection: 'columns',
        where: { campaign: { equals: edition.id } },
        depth: 0,
      })
    ).docs
    expect(columns).toMatchObject([
      {
        title: `人民网·${newName}`,
        partnerSite: ids.people,
        channel: 'pc',
        url: 'http://www.people.com.cn/gjgj',
        hasInteractionWindow: true,
      },
    ])
    const people = await payload.findByID({
      collection: 'partner-sites',
      id: ids.people!,
      depth: 0,
    })
    expect(people.push?.campaigns).toEqual([ids.source, edition.id])
    // Last year's campaign is as it was.
    const source = await payload.findByID({ collection: 'campaigns', id: ids.source!, depth: 0 })
    expect(source).toMatchObject({ status: 'closed', year: 2016, theme: national.theme })
    expect(source.phases![0]!.deadlines![0]!.subProject).toBe(ids.microVideo)
  })

  it('refuses a second 2026 edition, naming the one there is, and writes nothing', async () => {
    const before = await counts()
    const { status, body } = await as.admin.post(`/api/campaigns/${ids.source}/clone`, {
      year: 2026,
      name: '另一个名称',
    })
    expect(status).toBe(409)
    expect(body.errors[0].message).toMatch(
      new RegExp(
        `^2026 年度已有“${newName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}”（编号 \\d+），不再重复创建 / the 2026 edition exists already`,
      ),
    )
    expect(await counts()).toEqual(before)
  })

  it('moves every date to a chosen start, and leaves out quotas and contacts when asked', async () => {
    const { status, body } = await as.admin.post(`/api/campaigns/${ids.source}/clone`, {
      year: 2027,
      startDate: '2027-05-01',
      quotas: false,
      contacts: false,
    })
    expect(status, JSON.stringify(body)).toBe(201)
    const { payload } = booted
    const edition = await payload.findByID({
      collection: 'campaigns',
      id: body.campaign.id,
      depth: 0,
    })
    // 1 April 2016 → 1 May 2027 (Beijing days): every date 4047 days later, 31 October → 30 November.
    expect(edition.period).toEqual({
      start: '2027-04-30T16:00:00.000Z',
      end: '2027-11-29T16:00:00.000Z',
    })
    expect(edition.phases![0]!.deadlines![0]!.date).toBe('2027-05-19T16:00:00.000Z')
    const subProjects = (
      await payload.find({
        collection: 'sub-projects',
        where: { campaign: { equals: edition.id } },
        draft: true,
        sort: 'id',
        depth: 0,
      })
    ).docs
    expect(subProjects[0]!.contacts).toEqual([])
    expect(
      (await payload.count({ collection: 'quotas', where: { campaign: { equals: edition.id } } }))
        .totalDocs,
    ).toBe(0)
  })

  it('refuses bad input with the field named, Chinese first, writing nothing', async () => {
    const before = await counts()
    for (const [input, field, message] of [
      [{ year: '明年' }, 'year', /^year 应为 2000–2100 之间的年份 \/ year: a year/],
      [
        { year: 2028, startDate: '2028-13-01' },
        'startDate',
        /^startDate 应为日期，如 2026-05-01 \/ startDate: a date/,
      ],
      [
        { year: 2028, quotas: 'no' },
        'quotas',
        /^quotas 应为 true 或 false \/ quotas: true or false/,
      ],
      [
        { year: 2016 },
        'year',
        /^新一年度应不同于原活动的 2016 年 \/ the new edition needs a year other than 2016/,
      ],
    ] as const) {
      const { status, body } = await as.admin.post(`/api/campaigns/${ids.source}/clone`, input)
      expect(status, JSON.stringify(input)).toBe(400)
      expect(body.errors[0].message, field).toMatch(message)
      expect(body.errors[0].data.errors[0].path).toBe(field)
    }
    const res = await fetch(`${server.url}/api/campaigns/${ids.source}/clone`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `JWT ${await tokenOfAdmin()}` },
      body: '[2026]',
    })
    expect(res.status).toBe(400)
    expect(await counts()).toEqual(before)
  })

  it('leaves nothing behind when a part cannot be written halfway', async () => {
    const { payload } = booted
    // A partner site whose stored address no longer passes the outbound check (written before it
    // existed): updating it fails after the campaign, its calls, quotas and columns were written.
    await payload.db.drizzle.execute(
      sql`update partner_sites set push_endpoint_u_r_l = 'http://127.0.0.1:9/hook' where id = ${ids.people}`,
    )
    try {
      const before = await counts()
      const { status, body } = await as.admin.post(`/api/campaigns/${ids.source}/clone`, {
        year: 2030,
      })
      expect(status, JSON.stringify(body)).toBe(400)
      expect(await counts()).toEqual(before)
      expect(
        (await payload.count({ collection: 'campaigns', where: { year: { equals: 2030 } } }))
          .totalDocs,
      ).toBe(0)
    } finally {
      await payload.db.drizzle.execute(
        sql`update partner_sites set push_endpoint_u_r_l = null where id = ${ids.people}`,
      )
    }
  })
})

describe('who may make an edition', () => {
  it('lets an organizer of a host make one hosted by its own unit, without touching partner sites', async () => {
    const preview = await as.acftuOrganizer.post(`/api/campaigns/${ids.source}/clone/preview`, {
      year: 2031,
    })
    expect(preview.status, JSON.stringify(preview.body)).toBe(200)
    expect(preview.body.warnings.join('\n')).toContain('联合主办单位由全国办公室添加')
    expect(preview.body.partnerSites).toEqual({
      taken: [],
      skipped: [{ from: ids.people, title: '人民网' }],
    })
    const before = await counts()
    const { status, body } = await as.acftuOrganizer.post(`/api/campaigns/${ids.source}/clone`, {
      year: 2031,
    })
    expect(status, JSON.stringify(body)).toBe(201)
    const edition = await booted.payload.findByID({
      collection: 'campaigns',
      id: body.campaign.id,
      depth: 0,
    })
    expect(edition.hosts).toEqual([ids['中华全国总工会']])
    expect((await counts()).peopleTakes).toBe(before.peopleTakes)
  })

  it('refuses another province’s organizer (403) and the anonymous (401), before reading the body', async () => {
    const before = await counts()
    for (const [who, expected] of [
      ['sichuanOrganizer', 403],
      ['anonymous', 401],
    ] as const) {
      for (const suffix of ['/clone/preview', '/clone']) {
        const { status, body } = await as[who].post(`/api/campaigns/${ids.source}${suffix}`, {
          year: '明年',
        })
        expect(status, `${who} ${suffix}`).toBe(expected)
        expect(body.errors[0].message).toMatch(
          expected === 401
            ? /^请先登录 \/ log in first/
            : /^只有“.+”主办单位的活动组织者和全国办公室可以复制为新一年度 \/ only/,
        )
      }
    }
    expect((await as.admin.post('/api/campaigns/999999/clone', { year: 2026 })).status).toBe(404)
    expect(await counts()).toEqual(before)
  })
})

describe('npm run campaign -- clone (the command line, for the national office)', () => {
  const cli = (...args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/campaignCli.ts', ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn' },
      timeout: 240_000,
    }).then(
      ({ stdout }) => ({ code: 0, stdout, stderr: '', output: stdout }),
      (err: { code?: number; signal?: string; stdout?: string; stderr?: string }) => ({
        code: err.code ?? -1,
        stdout: err.stdout ?? '',
        stderr: err.stderr ?? '',
        // What a failure is explained by: the reason, else the end of the log (a start that died).
        output: `${err.signal ?? ''} ${err.stderr || (err.stdout ?? '').slice(-3000)}`,
      }),
    )

  it('previews by name, then makes the edition; bad input exits 1 with the reason', async () => {
    const before = await counts()
    const preview = await cli('clone', national.name, '--year', '2032', '--preview')
    expect(preview.code, preview.output).toBe(0)
    // Payload's own start-up warnings come first, one JSON line each; the plan is printed indented.
    expect(JSON.parse(preview.stdout.slice(preview.stdout.indexOf('{\n'))).campaign).toMatchObject({
      name: `2032年${national.name}`,
      year: 2032,
    })
    expect(await counts()).toEqual(before)

    const made = await cli(
      'clone',
      String(ids.source),
      '--year',
      '2032',
      '--no-quotas',
      '--theme',
      newTheme,
    )
    expect(made.code, made.output).toBe(0)
    expect(made.stdout).toMatch(
      /(^|\n)已创建“2032年.+（筹备中）：子项目 2 个（草稿）、任务表 0 行、专栏 1 个、合作网站 1 家 \//,
    )
    const [edition] = (
      await booted.payload.find({
        collection: 'campaigns',
        where: { year: { equals: 2032 } },
        depth: 0,
      })
    ).docs
    expect(edition).toMatchObject({ status: 'draft', theme: newTheme, clonedFrom: ids.source })

    const refused = await cli('clone', String(ids.source), '--year', '2032')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(
      /(^|\n)2032 年度已有“.+”（编号 \d+），不再重复创建 \/ the 2032 edition exists already/,
    )
    const bad = await cli('clone', String(ids.source), '--year', '明年')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/(^|\n)year 应为 2000–2100 之间的年份 \/ year: a year/)
  }, 600_000)
})

const tokenOfAdmin = async () => {
  const res = await fetch(`${server.url}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(testAdmin),
  })
  return ((await res.json()) as { token: string }).token
}
