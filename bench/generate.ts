/**
 * The bench data: 50 unions in four levels, 20 campaigns with 3 sub-projects each, 200 partner
 * sites and 10 000 works with realistic Chinese titles and texts, about 20 % of them published.
 * At national scale (`scale: 'national'`, `nationalCounts`): 3 000 unions in four levels (31
 * provinces), 66 campaigns, 300 partner sites and 100 000 works, half of them in the 4 national
 * campaigns.
 *
 * `node --import tsx bench/generate.ts [DATA_DIR] [--national]` fills (or, when already filled,
 * leaves) the embedded database of DATA_DIR (a new temp folder when omitted); the bench parts
 * call `generateData` on a Payload they booted themselves.
 */
import type { Payload } from 'payload'

import { randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { poolOf } from '../plugins/shared/pool'
import { bootBenchPayload } from './lib/benchPayload'
import { makeDataDir, say, since } from './lib/env'
import {
  campaignThemes,
  entryDescription,
  entryText,
  entryTitle,
  partnerSiteNames,
  personName,
  provinces,
  randomFrom,
  subProjectTemplates,
  trades,
} from './lib/phrases'

export const targetCounts = {
  organizers: 50,
  campaigns: 20,
  subProjectsPerCampaign: 3,
  partnerSites: 200,
  entries: 10_000,
}

/**
 * A national campaign's size (issue 19): 1 national union, 31 provincial, 11 cities per province
 * and the counties that make 3 000 units; 4 national campaigns and 2 per province; 100 000 works,
 * half of them in the national campaigns (filed under any county), half in the provinces' own.
 */
export const nationalCounts = {
  organizers: 3_000,
  provinces: 31,
  citiesPerProvince: 11,
  campaigns: 66,
  subProjectsPerCampaign: 3,
  partnerSites: 300,
  entries: 100_000,
}

/** `default`: the 10 000-work data every part uses; `national`: `nationalCounts`. */
export type Scale = 'default' | 'national'

/** Works created through `payload.create` (hooks and spec checks included), timed, before the bulk insert. */
const sampleThroughApi = 50

export type GeneratedData = {
  counts: {
    organizers: number
    campaigns: number
    subProjects: number
    partnerSites: number
    entries: number
    published: number
  }
  /** The campaign whose published works the pull part reads (the one with the most). */
  pullCampaign: { id: number; name: string; published: number }
  /** The API key of a partner site taking the pull campaign, for the feed. */
  partnerApiKey: string
  timings: {
    totalS: number
    apiEntryMs: number
    sqlEntriesS: number
    sqlEntryMs: number
    projectedApiS: number
  }
}

const markerFile = (dataDir: string, scale: Scale) =>
  path.join(
    dataDir,
    scale === 'national' ? 'bench-generated-national.json' : 'bench-generated.json',
  )

type Unit = { id: number; name: string; place: string }
/** A campaign host and the counties its campaigns' works are filed under. */
type Host = { unit: Unit; counties: Unit[] }

/** Generates the data unless this data folder already has it. */
export const generateData = async ({
  payload,
  dataDir,
  scale = 'default',
}: {
  payload: Payload
  dataDir: string
  /** @default 'default' */
  scale?: Scale
}): Promise<GeneratedData> => {
  const isNational = scale === 'national'
  const counts = isNational ? nationalCounts : targetCounts
  const marker = await fs.readFile(markerFile(dataDir, scale), 'utf8').catch(() => null)
  if (marker) {
    const { totalDocs } = await payload.count({ collection: 'entries' })
    if (totalDocs >= counts.entries) {
      say(`data already generated in ${dataDir}: skipped`)
      return JSON.parse(marker) as GeneratedData
    }
  }
  const started = performance.now()
  const rng = randomFrom(20190528)
  const context = { skipMediaProcessing: true }

  const hosts = isNational
    ? await nationalUnits({ payload })
    : await unitsThroughApi({ payload, context })
  const organizers = (await payload.count({ collection: 'organizers' })).totalDocs
  say(`${organizers} unions in four levels`)

  // 4 national campaigns, then the provinces' in turn; 3 sub-projects each.
  const perProvince = Math.ceil((counts.campaigns - 4) / (hosts.length - 1))
  type SubProjectRef = {
    id: number
    campaignId: number
    kind: string
    text?: readonly number[]
    counties: Unit[]
  }
  const subProjects: SubProjectRef[] = []
  const campaignNames = new Map<number, string>()
  for (let i = 0; i < counts.campaigns; i++) {
    const host = i < 4 ? hosts[0]! : hosts[1 + Math.floor((i - 4) / perProvince)]!
    const year = 2016 + (i % 5)
    const theme = campaignThemes[i % campaignThemes.length]!
    const prefix = host.unit.place === '全国' ? '' : host.unit.place
    const campaign = await payload.create({
      collection: 'campaigns',
      data: {
        name: `${prefix}${year}年${theme.name}`,
        year,
        status: 'active',
        label: theme.label,
        theme: `以“${theme.label}”为主题，组织动员广大职工积极参与网上宣传，讲好劳动者故事，传播网上正能量。`,
        period: { start: `${year}-04-01T00:00:00.000Z`, end: `${year}-11-30T00:00:00.000Z` },
        hosts: [host.unit.id],
      },
      context,
    })
    campaignNames.set(campaign.id, campaign.name)
    for (let k = 0; k < counts.subProjectsPerCampaign; k++) {
      const template = subProjectTemplates[(i + k * 2) % subProjectTemplates.length]!
      const spec =
        'text' in template
          ? {
              mediaKinds: ['text' as const],
              minTextLength: template.text[0],
              maxTextLength: template.text[1],
            }
          : 'video' in template
            ? {
                mediaKinds: ['video' as const],
                containers: ['mp4'],
                maxDurationSeconds: 180,
                maxFileSizeMB: 50,
                subtitlesRequired: true,
              }
            : {
                mediaKinds: ['image' as const],
                containers: ['jpeg'],
                maxFileSizeMB: 10,
                authenticityRequired: template.kind === 'picture-story',
              }
      const subProject = await payload.create({
        collection: 'sub-projects',
        data: {
          campaign: campaign.id,
          name: template.name,
          kind: template.kind,
          host: host.unit.id,
          deadline: `${year}-10-31T00:00:00.000Z`,
          description: `面向${host.unit.place === '全国' ? '全国' : host.unit.place}广大职工征集${template.name.replace(/征集$/, '')}作品。`,
          spec,
          _status: 'published',
        },
        context,
      })
      subProjects.push({
        id: subProject.id,
        campaignId: campaign.id,
        kind: template.kind,
        text: 'text' in template ? template.text : undefined,
        counties: host.counties,
      })
    }
  }
  say(`${counts.campaigns} campaigns, ${subProjects.length} sub-projects`)

  for (const site of isNational
    ? await nationalSiteNames({ payload })
    : partnerSiteNames(targetCounts.partnerSites)) {
    await payload.create({
      collection: 'partner-sites',
      data: {
        name: site.name,
        kind: site.kind as 'union-site',
        channels: ['pc', 'weibo', 'wechat', 'app'],
        isActive: true,
      },
      context,
    })
  }
  say(`${counts.partnerSites} partner sites`)

  const statuses = [
    'draft',
    'submitted',
    'screened-in',
    'screened-out',
    'reported',
    'in-review',
    'awarded',
    'not-awarded',
  ] as const
  // At national scale half the works go to the national campaigns' 12 calls.
  const nationalCalls = 4 * counts.subProjectsPerCampaign
  const subProjectIndex = (index: number) =>
    !isNational
      ? index % subProjects.length
      : index % 2 === 0
        ? (index / 2) % nationalCalls
        : nationalCalls + (((index - 1) / 2) % (subProjects.length - nationalCalls))
  const makeEntry = (index: number) => {
    const spIndex = subProjectIndex(index)
    const subProject = subProjects[spIndex]!
    const unit = rng.pick(subProject.counties)
    const status: (typeof statuses)[number] | 'published' =
      rng.next() < 0.2 ? 'published' : rng.pick(statuses)
    const year = 2016 + (((spIndex / 3) % 5) | 0)
    const created = Date.UTC(year, 3, 1) + rng.int(0, 200 * 86_400) * 1000
    const isVideo =
      subProject.kind === 'micro-video' ||
      subProject.kind === 'micro-film' ||
      subProject.kind === 'recitation'
    return {
      subProject,
      unit,
      title: entryTitle(rng, unit.place),
      text: entryText(rng, unit.place, { min: 200, max: 600 }),
      description: entryDescription(rng),
      author: { name: personName(rng), job: rng.pick(trades) },
      form: isVideo ? 'video' : 'graphic',
      source: rng.pick(['self-submitted', 'union-reported', 'netizen-recommended'] as const),
      status,
      createdAt: new Date(created),
      updatedAt: new Date(created + rng.int(0, 30 * 86_400) * 1000),
    }
  }

  // A sample through the Local API, with every hook (campaign from sub-project, spec check,
  // audit log), on the text sub-projects whose 字数 rules the texts meet.
  const textSubProjects = subProjects.filter((s) => s.text)
  const apiStarted = performance.now()
  for (let i = 0; i < sampleThroughApi; i++) {
    const entry = makeEntry(i)
    const subProject = textSubProjects[i % textSubProjects.length]!
    await payload.create({
      collection: 'entries',
      data: {
        title: entry.title,
        subProject: subProject.id,
        submittingUnit: rng.pick(subProject.counties).id,
        authors: [{ name: entry.author.name, unit: entry.unit.name, job: entry.author.job }],
        form: 'graphic',
        source: entry.source,
        text: entry.text,
        description: entry.description,
        isAuthentic: true,
        status: entry.status,
      },
      context,
    })
  }
  const apiEntryMs = since(apiStarted) / sampleThroughApi
  const remaining = counts.entries - sampleThroughApi
  say(
    `${sampleThroughApi} works through payload.create: ${apiEntryMs.toFixed(1)} ms each (${((apiEntryMs * remaining) / 1000).toFixed(0)} s projected for the other ${remaining})`,
  )

  // The other works go in by SQL, in batches: through payload.create each costs the time measured
  // above (a sub-project lookup, the spec check, the audit hook and a transaction per work), which
  // alone would take minutes of the 15-minute budget. The rows are those Payload writes: the
  // `entries` row (campaign set from the sub-project as its hook would) and one `entries_authors`
  // row per author with a Payload-style id. No hasMany relation is set, so `entries_rels` stays empty.
  const pool = poolOf(payload)
  const sqlStarted = performance.now()
  const batchSize = 1000
  for (let offset = 0; offset < remaining; offset += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, remaining - offset) }, (_, i) =>
      makeEntry(sampleThroughApi + offset + i),
    )
    const client = await pool.connect()
    try {
      await client.query('begin')
      const { rows } = await client.query<{ id: number }>(
        `insert into entries (title, sub_project_id, campaign_id, submitting_unit_id, form, source, text, description, is_authentic, status, updated_at, created_at)
         select * from unnest($1::varchar[], $2::int[], $3::int[], $4::int[], $5::enum_entries_form[], $6::enum_entries_source[],
                              $7::varchar[], $8::varchar[], $9::boolean[], $10::enum_entries_status[], $11::timestamptz[], $12::timestamptz[])
         returning id`,
        [
          batch.map((e) => e.title),
          batch.map((e) => e.subProject.id),
          batch.map((e) => e.subProject.campaignId),
          batch.map((e) => e.unit.id),
          batch.map((e) => e.form),
          batch.map((e) => e.source),
          batch.map((e) => e.text),
          batch.map((e) => e.description),
          batch.map(() => true),
          batch.map((e) => e.status),
          batch.map((e) => e.updatedAt.toISOString()),
          batch.map((e) => e.createdAt.toISOString()),
        ],
      )
      // unnest … returning yields the rows in input order.
      await client.query(
        `insert into entries_authors (_order, _parent_id, id, name, unit, job)
         select * from unnest($1::int[], $2::int[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[])`,
        [
          batch.map(() => 1),
          rows.map((r) => r.id),
          batch.map(() => randomBytes(12).toString('hex')),
          batch.map((e) => e.author.name),
          batch.map((e) => e.unit.name),
          batch.map((e) => e.author.job),
        ],
      )
      await client.query('commit')
    } catch (err) {
      await client.query('rollback').catch(() => {})
      throw err
    } finally {
      client.release()
    }
    if ((offset + batch.length) % 10_000 < batchSize || offset + batch.length === remaining) {
      say(`works: ${sampleThroughApi + offset + batch.length} / ${counts.entries}`)
    }
  }
  const sqlEntriesS = since(sqlStarted) / 1000
  await pool.query('analyze')

  const { rows: top } = await pool.query<{ campaign_id: number; published: string }>(
    `select campaign_id, count(*) as published from entries where status = 'published' group by campaign_id order by 2 desc, 1 limit 1`,
  )
  const { rows: totals } = await pool.query<{ entries: string; published: string }>(
    `select count(*) as entries, count(*) filter (where status = 'published') as published from entries`,
  )
  // The published works are the selected ones partners receive: their syndication state is what
  // the partner-push plugin's hook would have written on selection.
  await pool.query(
    `update entries set best_work_status = 'selected', syndication_pubstatus = 'usable', syndication_version = 1,
       syndication_changed_at = updated_at where status = 'published'`,
  )
  const partnerApiKey = `bench-partner-${randomUUID()}`
  const feedSite = await payload.create({
    collection: 'partner-sites',
    data: {
      name: '基准测试合作网站',
      kind: 'central-news-site',
      push: { status: 'paused', campaigns: [top[0]!.campaign_id] },
    } as never,
  })
  await payload.create({
    collection: 'partner-accounts',
    data: {
      name: '基准测试接口',
      partnerSite: feedSite.id,
      enableAPIKey: true,
      apiKey: partnerApiKey,
    },
  })
  const result: GeneratedData = {
    counts: {
      organizers,
      campaigns: counts.campaigns,
      subProjects: subProjects.length,
      partnerSites: (await payload.count({ collection: 'partner-sites' })).totalDocs,
      entries: Number(totals[0]!.entries),
      published: Number(totals[0]!.published),
    },
    pullCampaign: {
      id: top[0]!.campaign_id,
      name: campaignNames.get(top[0]!.campaign_id) ?? '',
      published: Number(top[0]!.published),
    },
    partnerApiKey,
    timings: {
      totalS: since(started) / 1000,
      apiEntryMs,
      sqlEntriesS,
      sqlEntryMs: (sqlEntriesS * 1000) / remaining,
      projectedApiS: (apiEntryMs * counts.entries) / 1000,
    },
  }
  await fs.writeFile(markerFile(dataDir, scale), `${JSON.stringify(result, null, 2)}\n`)
  say(
    `generated in ${result.timings.totalS.toFixed(1)} s: ${result.counts.entries} works, ${result.counts.published} published`,
  )
  return result
}

/** 1 + 4 + 9 + 36 unions: the national one first, then each province with its counties. */
const unitsThroughApi = async ({
  payload,
  context,
}: {
  payload: Payload
  context: Record<string, unknown>
}): Promise<Host[]> => {
  // Each created through Payload so the hierarchy `path` is set by its hook.
  const national = await payload.create({
    collection: 'organizers',
    data: {
      name: '中华全国总工会',
      shortName: '全总',
      kind: 'federation',
      level: 'national',
      region: '全国',
    },
    context,
  })
  const hosts: Host[] = [
    { unit: { id: national.id, name: national.name, place: '全国' }, counties: [] },
  ]
  for (const province of provinces) {
    const provinceDoc = await payload.create({
      collection: 'organizers',
      data: {
        name: `${province.name}总工会`,
        shortName: `${province.short}工会`,
        kind: 'federation',
        level: 'provincial',
        parent: national.id,
        region: province.name,
      },
      context,
    })
    const provinceCounties: Unit[] = []
    for (const city of province.cities) {
      const cityDoc = await payload.create({
        collection: 'organizers',
        data: {
          name: `${city.name}总工会`,
          kind: 'federation',
          level: 'city',
          parent: provinceDoc.id,
          region: `${province.name}${city.name}`,
        },
        context,
      })
      for (const county of city.counties) {
        const countyDoc = await payload.create({
          collection: 'organizers',
          data: {
            name: `${city.name}${county}总工会`,
            kind: 'federation',
            level: 'county',
            parent: cityDoc.id,
            region: `${province.name}${city.name}${county}`,
          },
          context,
        })
        provinceCounties.push({
          id: countyDoc.id,
          name: countyDoc.name,
          place: `${city.name}${county}`,
        })
      }
    }
    hosts.push({
      unit: { id: provinceDoc.id, name: provinceDoc.name, place: province.name },
      counties: provinceCounties,
    })
  }
  hosts[0]!.counties = hosts.slice(1).flatMap((h) => h.counties)
  return hosts
}

/** The 31 provincial-level regions and their one-character abbreviations. */
const nationalProvinces = [
  ['北京市', '京'],
  ['天津市', '津'],
  ['河北省', '冀'],
  ['山西省', '晋'],
  ['内蒙古自治区', '蒙'],
  ['辽宁省', '辽'],
  ['吉林省', '吉'],
  ['黑龙江省', '黑'],
  ['上海市', '沪'],
  ['江苏省', '苏'],
  ['浙江省', '浙'],
  ['安徽省', '皖'],
  ['福建省', '闽'],
  ['江西省', '赣'],
  ['山东省', '鲁'],
  ['河南省', '豫'],
  ['湖北省', '鄂'],
  ['湖南省', '湘'],
  ['广东省', '粤'],
  ['广西壮族自治区', '桂'],
  ['海南省', '琼'],
  ['重庆市', '渝'],
  ['四川省', '川'],
  ['贵州省', '黔'],
  ['云南省', '滇'],
  ['西藏自治区', '藏'],
  ['陕西省', '陕'],
  ['甘肃省', '甘'],
  ['青海省', '青'],
  ['宁夏回族自治区', '宁'],
  ['新疆维吾尔自治区', '新'],
] as const

const placeFirst = '东西南北中新安永长宁平兴德福华阳泰丰庆隆昌嘉合金'
const placeSecond = '江山河湖川州城原林阳平安宁海峰源台溪岭'

/**
 * The national hierarchy, `nationalCounts.organizers` units, written by SQL one level at a time
 * (through `payload.create` each unit costs a create and the path hook's update, minutes for
 * 3 000): the rows Payload writes, with `path` as the hooks store it (`/national/province/city/
 * county/`, the unit's own id last). City names are unique in the country, county names in their
 * city, so every union's name (`unique`) is.
 */
const nationalUnits = async ({ payload }: { payload: Payload }): Promise<Host[]> => {
  const pool = poolOf(payload)
  const rng = randomFrom(20160418)
  const insertLevel = async (
    rows: {
      name: string
      shortName?: string
      level: 'national' | 'provincial' | 'city' | 'county'
      parent: { id: number; path: string } | null
      region: string
    }[],
  ): Promise<{ id: number; path: string }[]> => {
    const { rows: inserted } = await pool.query<{ id: number }>(
      `insert into organizers (name, short_name, kind, level, parent_id, region)
       select n, s, 'federation', l, p, r
         from unnest($1::varchar[], $2::varchar[], $3::enum_organizers_level[], $4::int[], $5::varchar[]) as x(n, s, l, p, r)
       returning id`,
      [
        rows.map((r) => r.name),
        rows.map((r) => r.shortName ?? null),
        rows.map((r) => r.level),
        rows.map((r) => r.parent?.id ?? null),
        rows.map((r) => r.region),
      ],
    )
    // unnest … returning yields the rows in input order.
    const units = inserted.map((row, i) => ({
      id: row.id,
      path: `${rows[i]!.parent?.path ?? '/'}${row.id}/`,
    }))
    await pool.query(
      `update organizers o set path = x.p from unnest($1::int[], $2::varchar[]) as x(i, p) where o.id = x.i`,
      [units.map((u) => u.id), units.map((u) => u.path)],
    )
    return units
  }
  const [national] = await insertLevel([
    { name: '中华全国总工会', shortName: '全总', level: 'national', parent: null, region: '全国' },
  ])
  const provinceUnits = await insertLevel(
    nationalProvinces.map(([name, short]) => ({
      name: `${name}总工会`,
      shortName: `${short}工会`,
      level: 'provincial' as const,
      parent: national!,
      region: name,
    })),
  )
  const usedCities = new Set<string>()
  const placeName = (used: Set<string>, suffix: string) => {
    for (;;) {
      const name = `${rng.pick([...placeFirst])}${rng.pick([...placeSecond])}${suffix}`
      if (!used.has(name)) {
        used.add(name)
        return name
      }
    }
  }
  const cities = nationalProvinces.flatMap(([province], p) =>
    Array.from({ length: nationalCounts.citiesPerProvince }, () => ({
      province,
      p,
      name: placeName(usedCities, '市'),
    })),
  )
  const cityUnits = await insertLevel(
    cities.map((city) => ({
      name: `${city.name}总工会`,
      level: 'city' as const,
      parent: provinceUnits[city.p]!,
      region: `${city.province}${city.name}`,
    })),
  )
  // The counties that make the total, dealt to the cities in turn.
  const countyCount = nationalCounts.organizers - 1 - provinceUnits.length - cityUnits.length
  const countyNames = cities.map(() => new Set<string>())
  const counties = Array.from({ length: countyCount }, (_, k) => {
    const c = k % cities.length
    const city = cities[c]!
    const county = placeName(countyNames[c]!, rng.next() < 0.6 ? '县' : '区')
    return { c, city, county }
  })
  const countyUnits = await insertLevel(
    counties.map(({ c, city, county }) => ({
      name: `${city.name}${county}总工会`,
      level: 'county' as const,
      parent: cityUnits[c]!,
      region: `${city.province}${city.name}${county}`,
    })),
  )
  const hosts: Host[] = [
    { unit: { id: national!.id, name: '中华全国总工会', place: '全国' }, counties: [] },
    ...provinceUnits.map((unit, p) => ({
      unit: {
        id: unit.id,
        name: `${nationalProvinces[p]![0]}总工会`,
        place: nationalProvinces[p]![0],
      },
      counties: [] as Unit[],
    })),
  ]
  counties.forEach(({ city, county }, k) => {
    hosts[1 + city.p]!.counties.push({
      id: countyUnits[k]!.id,
      name: `${city.name}${county}总工会`,
      place: `${city.name}${county}`,
    })
  })
  hosts[0]!.counties = hosts.slice(1).flatMap((h) => h.counties)
  return hosts
}

/**
 * `nationalCounts.partnerSites` distinct partner sites: the bench's usual 200, then the city
 * unions' own sites.
 */
const nationalSiteNames = async ({
  payload,
}: {
  payload: Payload
}): Promise<{ name: string; kind: string }[]> => {
  const { rows } = await poolOf(payload).query<{ name: string }>(
    `select name from organizers where level = 'city' order by id limit $1`,
    [nationalCounts.partnerSites - targetCounts.partnerSites],
  )
  return [
    ...partnerSiteNames(targetCounts.partnerSites),
    ...rows.map((row) => ({
      name: `${row.name.replace(/总工会$/, '')}工人网`,
      kind: 'union-site',
    })),
  ]
}

/** How big the dashboard part's national campaign grows. */
export const dashboardCounts = {
  /** Works added to the campaign, filed under every county, over the last 45 days. */
  entries: 20_000,
  /** Partner sites each published work is pushed to. */
  pushedTo: 5,
}

export type DashboardData = {
  campaign: { id: number; name: string }
  /** The host, whose organizer reads the dashboard. */
  host: { id: number; name: string }
  counts: {
    entries: number
    units: number
    participants: number
    reportSteps: number
    deliveries: number
    receipts: number
  }
  generatedS: number
}

const dashboardMarker = (dataDir: string) => path.join(dataDir, 'bench-dashboard.json')

/**
 * Grows one national campaign of the bench data into what a national office's dashboard reads:
 * `dashboardCounts.entries` more works across all 36 counties and its 3 sub-projects, created
 * over the last 45 days, at every stage; the path upward (county → city → province → national) of
 * the reported ones; deliveries of the published ones to partner sites, and receipts, some
 * verified. The 36 counties are its participants, a third of them with a task-table row; it has
 * phases with a deadline and its calls close in a week. The rows are those Payload writes (as
 * the works above). Run after `generateData`, on the same data folder; once.
 */
export const growDashboardCampaign = async ({
  payload,
  dataDir,
}: {
  payload: Payload
  dataDir: string
}): Promise<DashboardData> => {
  const marker = await fs.readFile(dashboardMarker(dataDir), 'utf8').catch(() => null)
  if (marker) {
    say(`dashboard campaign already grown in ${dataDir}: skipped`)
    return JSON.parse(marker) as DashboardData
  }
  const started = performance.now()
  const pool = poolOf(payload)
  const rng = randomFrom(20200915)
  const { rows: nationals } = await pool.query<{ id: number; name: string }>(
    `select id, name from organizers where level = 'national' order by id limit 1`,
  )
  const host = nationals[0]!
  const { rows: campaigns } = await pool.query<{ id: number; name: string }>(
    `select c.id, c.name from campaigns c join campaigns_rels r on r.parent_id = c.id and r.path = 'hosts'
      where r.organizers_id = $1 order by c.id limit 1`,
    [host.id],
  )
  const campaign = campaigns[0]!
  const { rows: subProjects } = await pool.query<{ id: number }>(
    'select id from sub_projects where campaign_id = $1 order by id',
    [campaign.id],
  )
  const { rows: counties } = await pool.query<{
    id: number
    name: string
    city: number
    province: number
  }>(
    `select o.id, o.name, o.parent_id as city, c.parent_id as province
       from organizers o join organizers c on c.id = o.parent_id
      where o.level = 'county' order by o.id`,
  )
  const now = Date.now()
  const day = 86_400_000
  const isoDay = (offsetDays: number) =>
    new Date(now + offsetDays * day).toISOString().slice(0, 10) + 'T12:00:00.000Z'

  // Participants, phases and a third of the counties on the task table, as an organizer sets them.
  await payload.update({
    collection: 'campaigns',
    id: campaign.id,
    data: {
      participants: counties.map((c) => c.id),
      phases: [
        { name: '活动启动', start: isoDay(-60), end: isoDay(-31) },
        {
          name: '广泛开展',
          start: isoDay(-30),
          end: isoDay(30),
          deadlines: [{ date: isoDay(10), due: '报送初步筛选的参评作品' }],
        },
        { name: '展示评选', start: isoDay(31), end: isoDay(90) },
      ],
    },
    context: { skipMediaProcessing: true },
  })
  await pool.query(
    `update sub_projects set deadline = $2, quota_mode = 'minimum', quota_count = 40 where campaign_id = $1`,
    [campaign.id, isoDay(7)],
  )
  for (const county of counties.filter((_, i) => i % 3 === 0)) {
    await payload.create({
      collection: 'quotas',
      data: {
        campaign: campaign.id,
        unit: county.id,
        offlineEvents: rng.int(1, 3),
        works: subProjects.map((s) => ({ subProject: s.id, count: rng.int(60, 140) })),
      },
    })
  }

  // Works: 15 % submitted, 10 % screened in, 5 % screened out, 40 % reported, 10 % in review,
  // 20 % published; those past screening carry their path upward.
  const stageOf = (x: number) =>
    x < 0.15
      ? 'submitted'
      : x < 0.25
        ? 'screened-in'
        : x < 0.3
          ? 'screened-out'
          : x < 0.7
            ? 'reported'
            : x < 0.8
              ? 'in-review'
              : 'published'
  const { rows: sites } = await pool.query<{ id: number }>(
    `select id from partner_sites order by id limit $1`,
    [dashboardCounts.pushedTo],
  )
  let reportSteps = 0
  let deliveries = 0
  let receipts = 0
  const batchSize = 1000
  for (let offset = 0; offset < dashboardCounts.entries; offset += batchSize) {
    const size = Math.min(batchSize, dashboardCounts.entries - offset)
    const batch = Array.from({ length: size }, (_, i) => {
      const county = counties[(offset + i) % counties.length]!
      const created = new Date(now - rng.int(0, 45 * 86_400) * 1000)
      return {
        county,
        subProject: subProjects[(offset + i) % subProjects.length]!.id,
        status: stageOf(rng.next()),
        title: entryTitle(rng, county.name.replace(/总工会$/, '')),
        created,
      }
    })
    const client = await pool.connect()
    try {
      await client.query('begin')
      const { rows } = await client.query<{ id: number }>(
        `insert into entries (title, sub_project_id, campaign_id, submitting_unit_id, form, source, is_authentic, status, updated_at, created_at)
         select t, s, $3, u, 'graphic', 'union-reported', true, st, c, c
           from unnest($1::varchar[], $2::int[], $4::int[], $5::enum_entries_status[], $6::timestamptz[]) as x(t, s, u, st, c)
         returning id`,
        [
          batch.map((e) => e.title),
          batch.map((e) => e.subProject),
          campaign.id,
          batch.map((e) => e.county.id),
          batch.map((e) => e.status),
          batch.map((e) => e.created.toISOString()),
        ],
      )
      const steps: { parent: number; order: number; from: number; to: number; at: string }[] = []
      const pushes: { entry: number; site: number; state: string; n: number }[] = []
      const heard: { entry: number; site: number; kind: string; status: string | null }[] = []
      batch.forEach((e, i) => {
        const id = rows[i]!.id
        const chain = [e.county.id, e.county.city, e.county.province, host.id]
        const levels =
          e.status === 'reported'
            ? rng.int(1, 2)
            : ['in-review', 'published'].includes(e.status)
              ? 3
              : 0
        for (let k = 0; k < levels; k++) {
          steps.push({
            parent: id,
            order: k + 1,
            from: chain[k]!,
            to: chain[k + 1]!,
            at: new Date(e.created.getTime() + (k + 1) * day).toISOString(),
          })
        }
        if (e.status === 'published') {
          sites.forEach((site, n) => {
            const x = rng.next()
            pushes.push({
              entry: id,
              site: site.id,
              state:
                // Never `pending` or `retrying`: the server's job runner would take those up
                // during the measurement. `held` (a paused partner's) counts as in progress too.
                x < 0.85 ? 'delivered' : x < 0.93 ? 'held' : 'failed',
              n,
            })
            const y = rng.next()
            if (y < 0.4) {
              heard.push({
                entry: id,
                site: site.id,
                kind: 'published',
                status: y < 0.28 ? 'verified' : y < 0.36 ? 'unverified' : 'pending',
              })
            } else if (y < 0.45) {
              heard.push({ entry: id, site: site.id, kind: 'declined', status: null })
            }
          })
        }
      })
      if (steps.length) {
        await client.query(
          `insert into entries_report_path (_order, _parent_id, id, from_id, to_id, at)
           select * from unnest($1::int[], $2::int[], $3::varchar[], $4::int[], $5::int[], $6::timestamptz[])`,
          [
            steps.map((s) => s.order),
            steps.map((s) => s.parent),
            steps.map(() => randomBytes(12).toString('hex')),
            steps.map((s) => s.from),
            steps.map((s) => s.to),
            steps.map((s) => s.at),
          ],
        )
      }
      if (pushes.length) {
        await client.query(
          `insert into deliveries (partner_site_id, entry_id, event, version, webhook_id, state, attempt_count)
           select s, e, 'publish', 1, w, st, 1
             from unnest($1::int[], $2::int[], $3::varchar[], $4::enum_deliveries_state[]) as x(s, e, w, st)`,
          [
            pushes.map((p) => p.site),
            pushes.map((p) => p.entry),
            pushes.map((p) => `msg_bench_${p.entry}_${p.site}`),
            pushes.map((p) => p.state),
          ],
        )
      }
      if (heard.length) {
        await client.query(
          `insert into receipts (entry_id, partner_site_id, kind, url, channel, verification_status, reported_at)
           select e, s, k, case when k = 'published' then 'https://news' || s || '.example.cn/a/' || e || '.html' end,
                  'pc', v, now()
             from unnest($1::int[], $2::int[], $3::enum_receipts_kind[], $4::enum_receipts_verification_status[]) as x(e, s, k, v)`,
          [
            heard.map((h) => h.entry),
            heard.map((h) => h.site),
            heard.map((h) => h.kind),
            heard.map((h) => h.status),
          ],
        )
      }
      await client.query('commit')
      reportSteps += steps.length
      deliveries += pushes.length
      receipts += heard.length
    } catch (err) {
      await client.query('rollback').catch(() => {})
      throw err
    } finally {
      client.release()
    }
    say(`dashboard works: ${offset + size} / ${dashboardCounts.entries}`)
  }
  // What autovacuum does soon after in production: statistics, and the visibility map without
  // which the dashboard's counts could not be read from the entries' index alone.
  await pool.query('vacuum analyze')
  const { rows: total } = await pool.query<{ n: string }>(
    'select count(*) as n from entries where campaign_id = $1',
    [campaign.id],
  )
  const result: DashboardData = {
    campaign,
    host,
    counts: {
      entries: Number(total[0]!.n),
      units: counties.length,
      participants: counties.length,
      reportSteps,
      deliveries,
      receipts,
    },
    generatedS: since(started) / 1000,
  }
  await fs.writeFile(dashboardMarker(dataDir), `${JSON.stringify(result, null, 2)}\n`)
  say(
    `dashboard campaign “${campaign.name}”: ${result.counts.entries} works, ${deliveries} deliveries, ${receipts} receipts in ${result.generatedS.toFixed(1)} s`,
  )
  return result
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  const dirArg = args.find((arg) => !arg.startsWith('--'))
  const dataDir = dirArg ? path.resolve(dirArg) : await makeDataDir('data')
  const bench = await bootBenchPayload({ dataDir })
  try {
    const result = await generateData({
      payload: bench.payload,
      dataDir,
      scale: args.includes('--national') ? 'national' : 'default',
    })
    process.stdout.write(`${JSON.stringify({ dataDir, ...result }, null, 2)}\n`)
  } finally {
    await bench.close()
  }
  process.exit(0)
}
