/**
 * Every role × every collection: create, update and delete through the Local API
 * (overrideAccess: false), REST and GraphQL. Each role creates a document inside what it could
 * manage (its own unit, a campaign its unit hosts); what it may write outside that is proved in
 * ../writeScope.test.ts. A refused write leaves nothing behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Matrix, RoleName, Slug } from './harness'

import { collections, openMatrix, refusedKeys, roles } from './harness'

/** Edit locks have rules of their own (whose name a lock is in): ../systemCollections.test.ts. */
const slugs = collections.filter((slug) => slug !== 'payload-locked-documents')

const staff: RoleName[] = [
  'admin',
  'organizer',
  'countyOrganizer',
  'shanghaiOrganizer',
  'cityEditor',
  'countyEditor',
  'shanghaiEditor',
]
/** Who reaches the Linfen county 尧都's documents: the office, Linfen's and 尧都's own staff. */
const yaoduReach: RoleName[] = [
  'admin',
  'organizer',
  'countyOrganizer',
  'cityEditor',
  'countyEditor',
]

/** Who may create, and who may update and delete the Linfen-side document of each collection. */
const expectedWrite: Record<(typeof slugs)[number], { create: RoleName[]; change: RoleName[] }> = {
  // An organizer runs its own subtree: units below its own (../subtreeAdmin.test.ts).
  organizers: { create: ['admin', 'organizer', 'countyOrganizer'], change: ['admin', 'organizer'] },
  contacts: { create: staff, change: yaoduReach },
  campaigns: {
    create: ['admin', 'organizer', 'countyOrganizer', 'shanghaiOrganizer'],
    change: ['admin', 'organizer'],
  },
  notices: { create: ['admin', 'organizer', 'shanghaiOrganizer'], change: ['admin', 'organizer'] },
  'sub-projects': {
    create: ['admin', 'organizer', 'shanghaiOrganizer'],
    change: ['admin', 'organizer'],
  },
  quotas: { create: ['admin', 'organizer', 'shanghaiOrganizer'], change: ['admin', 'organizer'] },
  // A draft batch of 尧都: whoever reaches 尧都 files and edits it (a reported one is final).
  'report-batches': { create: yaoduReach, change: yaoduReach },
  // A unit editor composes its own unit's column; a partner site's column is the hosts'.
  columns: {
    create: [
      'admin',
      'organizer',
      'shanghaiOrganizer',
      'cityEditor',
      'countyEditor',
      'shanghaiEditor',
    ],
    change: ['admin', 'organizer'],
  },
  // A campaign's list by its hosts' organizers, the base list by the office.
  'sensitive-words': {
    create: ['admin', 'organizer', 'shanghaiOrganizer'],
    change: ['admin', 'organizer'],
  },
  // Left by netizens through the window's endpoints only; decided on by the column's moderators.
  interactions: { create: [], change: yaoduReach },
  'partner-sites': { create: ['admin'], change: ['admin'] },
  entries: { create: staff, change: yaoduReach },
  // Rounds: the campaign's organizers (and the office). Sheets are made by the assignment only,
  // and only the sheet's judge writes into it (src/judging/sheets.ts).
  'judging-rounds': {
    create: ['admin', 'organizer', 'shanghaiOrganizer'],
    change: ['admin', 'organizer'],
  },
  'score-sheets': { create: [], change: ['judge'] },
  // Cast and invalidated through the voting endpoints only.
  votes: { create: [], change: [] },
  'voter-codes': { create: [], change: [] },
  // 评奖结果: drawn up by the campaign's hosts' organizers (and the office), in campaigns they host.
  'award-lists': {
    create: ['admin', 'organizer', 'shanghaiOrganizer'],
    change: ['admin', 'organizer'],
  },
  'featured-workers': { create: staff, change: yaoduReach },
  media: { create: staff, change: ['admin'] },
  // Written only by the plugins' own jobs and endpoints.
  renditions: { create: [], change: [] },
  // An organizer adds judges and unit editors of its own unit (../subtreeAdmin.test.ts).
  users: {
    create: ['admin', 'organizer', 'countyOrganizer', 'shanghaiOrganizer'],
    change: ['admin'],
  },
  'partner-accounts': { create: ['admin'], change: ['admin'] },
  // Written only by the audit hooks: nobody, not even an admin, creates, edits or deletes entries.
  'audit-log': { create: [], change: [] },
  deliveries: { create: [], change: [] },
  receipts: { create: [], change: [] },
  'payload-jobs': { create: [], change: [] },
}

/** Clearing push history and derived files is the office's: an admin deletes them. */
const deleters: Partial<Record<Slug, RoleName[]>> = {
  // The unit deleted is under 尧都: strictly below the county organizer's own unit too.
  organizers: ['admin', 'organizer', 'countyOrganizer'],
  deliveries: ['admin'],
  receipts: ['admin'],
  // A moderator rejects with a reason; deleting what a netizen wrote is the office's.
  interactions: ['admin'],
  renditions: ['admin'],
  // A sheet still to score is withdrawn by the campaign's organizers; its judge deletes nothing.
  'score-sheets': ['admin', 'organizer'],
  // The column deleted is 尧都's own: its editor deletes it too.
  columns: ['admin', 'organizer', 'countyEditor'],
}

let m: Matrix
let counter = 0
const unique = (prefix: string) => `${prefix}-${++counter}-${Date.now().toString(36)}`
/** The last public share an edit of an award list sent (1–100 in turn, each unlike the last). */
let share = 0

beforeAll(async () => {
  m = await openMatrix({ name: 'access_matrix_write' })
  extra.renditions = await asAdmin('renditions', newDoc('renditions', 'admin'))
  // A user none of the roles is: each role may edit its own account, only the office others'.
  extra.users = await asAdmin('users', newDoc('users', 'admin'))
  // A Linfen round with no panel yet: the fixture's panel judge belongs to no unit, which an
  // organizer cannot read, and a panel is checked against what its editor reads.
  extra['judging-rounds'] = await asAdmin('judging-rounds', newDoc('judging-rounds', 'admin'))
}, 300_000)

afterAll(async () => {
  m?.print({
    title:
      'Writes (Local API, REST, GraphQL): C create, U update, D delete; ✓ allowed, - refused, 401 key refused',
    slugs,
    ops: ['C', 'U', 'D'],
  })
  await m?.close()
})

const isShanghai = (role: RoleName) => role === 'shanghaiOrganizer' || role === 'shanghaiEditor'

/** A valid new document of `slug`, inside what `role` could manage. */
const newDoc = (slug: Slug, role: RoleName): Record<string, unknown> => {
  const { fx } = m
  const unit = isShanghai(role)
    ? fx.organizers.shanghai
    : ['countyEditor', 'countyOrganizer'].includes(role)
      ? fx.organizers.yaodu
      : fx.organizers.linfen
  const campaign = isShanghai(role) ? fx.campaigns.shanghai : fx.campaigns.linfen
  const subProject = isShanghai(role) ? fx.subProjects.shanghai : fx.subProjects.linfen
  switch (slug) {
    case 'organizers':
      return {
        name: unique('新单位'),
        kind: 'federation',
        level: 'grassroots',
        parent: fx.organizers.yaodu,
      }
    case 'contacts':
      return { name: unique('联系人'), organizer: unit }
    case 'campaigns':
      // An organizer names no hosts: its new campaign is hosted by its own unit.
      return {
        name: unique('主题活动'),
        year: 2022,
        status: 'draft',
        ...(role === 'admin' ? { hosts: [fx.organizers.linfen] } : {}),
      }
    case 'notices':
      return { title: unique('通知'), campaign }
    case 'sub-projects':
      return { name: unique('子项目'), kind: 'other', campaign }
    case 'quotas':
      return { campaign, unit: fx.organizers.huozhou, offlineEvents: 1 }
    case 'report-batches':
      return {
        campaign: fx.campaigns.linfen,
        fromUnit: fx.organizers.yaodu,
        activityReport: { text: unique('情况报告') },
      }
    case 'columns':
      // Unit editors compose their own unit's column, organizers and the office a partner's.
      return {
        title: unique('专栏'),
        ...(role.endsWith('Editor') ? { unit } : { partnerSite: fx.partnerSites.workercn }),
        campaign,
        channel: 'weibo',
      }
    case 'sensitive-words':
      return { word: unique('敏感词'), action: 'hold', campaign }
    case 'interactions':
      return {
        kind: 'comment',
        column: fx.columns.yaoduDraft,
        campaign: fx.campaigns.linfen,
        unit: fx.organizers.yaodu,
        state: 'pending',
        body: unique('评论'),
      }
    case 'partner-sites':
      return { name: unique('网站'), kind: 'union-site' }
    case 'entries':
      return { title: unique('作品'), subProject, submittingUnit: unit, status: 'draft' }
    case 'featured-workers':
      return { name: unique('工匠'), unit, campaign, status: 'recommended' }
    case 'judging-rounds':
      return {
        subProject,
        name: unique('初评'),
        order: 1,
        status: 'draft',
        entrySource: 'reported',
        judgesPerWork: 3,
        criteria: [{ name: '思想性', weight: 1, maxScore: 10 }],
      }
    case 'score-sheets':
      return { round: fx.judgingRounds.linfen, entry: fx.entries.yaodu, judge: fx.users.judge }
    case 'votes':
      return {
        entry: fx.entries.published,
        campaign: fx.campaigns.linfen,
        subProject: fx.subProjects.linfen,
        day: '2020-10-02',
        voter: unique('voter'),
        valid: true,
      }
    case 'voter-codes':
      return {
        voter: unique('voter'),
        verifier: 'email',
        codeHash: unique('hash'),
        expiresAt: new Date(Date.now() + 600_000).toISOString(),
      }
    case 'award-lists':
      // GraphQL's input requires the status; whatever a person sends, a new list is a draft.
      return {
        campaign,
        kind: 'works',
        subProject,
        status: 'draft',
        tiers: [{ tier: 'first', count: 1 }],
      }
    case 'media':
      return { alt: unique('图片') }
    case 'renditions':
      return { name: unique('thumbnail'), original: fx.media.poster }
    case 'users':
      return {
        email: `${unique('user')}@linfen.test`,
        password: 'access-test-password-1',
        role: 'judge',
      }
    case 'partner-accounts':
      return { name: unique('接口'), partnerSite: fx.partnerSites.workercn }
    case 'audit-log':
      return { action: 'login', actorLabel: unique('forged') }
    case 'deliveries':
      return {
        partnerSite: fx.partnerSites.workercn,
        entry: fx.entries.published,
        event: 'publish',
        version: 9,
        sequence: 9,
        webhookId: unique('msg'),
        state: 'pending',
      }
    case 'receipts':
      return {
        partnerSite: fx.partnerSites.workercn,
        entry: fx.entries.published,
        kind: 'published',
        url: `https://www.workercn.cn/${unique('p')}.html`,
      }
    case 'payload-jobs':
      return { taskSlug: 'sendMail', input: { to: 'x@linfen.test', subject: 'x', text: 'x' } }
    case 'payload-locked-documents':
      return {}
  }
}

/** A harmless edit of `slug`: one field and its new value. */
const edit = (slug: Slug): [string, unknown] => {
  const text = unique('改')
  // A list's title is its sub-project's name, rewritten on every save: its edit is the share.
  if (slug === 'award-lists') {
    share = (share % 100) + 1
    return ['publicShare', share]
  }
  const bySlug: Record<Exclude<Slug, 'award-lists'>, [string, unknown]> = {
    organizers: ['region', text],
    contacts: ['department', text],
    campaigns: ['theme', text],
    notices: ['recipients', text],
    'sub-projects': ['description', text],
    quotas: ['offlineEvents', counter],
    'report-batches': ['note', text],
    columns: ['url', `https://example.org/${text}`],
    'sensitive-words': ['note', text],
    interactions: ['rejectionReason', text],
    'partner-sites': ['website', `https://example.org/${text}`],
    entries: ['description', text],
    'judging-rounds': ['name', text],
    'score-sheets': ['comment', text],
    votes: ['day', text],
    'voter-codes': ['verifier', text],
    'featured-workers': ['trade', text],
    media: ['alt', text],
    renditions: ['name', text],
    users: ['name', text],
    'partner-accounts': ['name', text],
    'audit-log': ['actorLabel', text],
    deliveries: ['lastError', text],
    receipts: ['column', text],
    'payload-jobs': ['queue', text],
    'payload-locked-documents': ['globalSlug', text],
  }
  return bySlug[slug]
}

/** The Linfen-side document each role's update is tried on. */
const linfenSide = (slug: Slug): number => {
  const { fx, docs } = m
  const bySlug: Partial<Record<Slug, number>> = {
    organizers: fx.organizers.yaodu,
    contacts: fx.contacts.yaodu,
    campaigns: fx.campaigns.linfen,
    notices: fx.notices.linfen,
    'sub-projects': fx.subProjects.linfen,
    quotas: fx.quotas.linfen,
    'report-batches': fx.reportBatches.yaodu,
    columns: fx.columns.linfen,
    'sensitive-words': fx.sensitiveWords.linfen,
    interactions: fx.interactions.yaoduPending,
    'partner-sites': fx.partnerSites.workercn,
    entries: fx.entries.yaodu,
    'score-sheets': fx.scoreSheets.linfen,
    votes: fx.votes.linfen,
    'voter-codes': fx.voterCodes.code,
    'award-lists': fx.awardLists.linfen,
    'featured-workers': fx.featuredWorkers.yaodu,
    media: fx.media.poster,
    'partner-accounts': fx.partnerAccounts.workercn,
    deliveries: fx.deliveries.linfen,
    receipts: fx.receipts.linfen,
  }
  return bySlug[slug] ?? extra[slug] ?? Object.values(docs[slug])[0]!
}

/** Documents the fixture has none of, made for the update tests. */
const extra: Partial<Record<Slug, number>> = {}

/** The Linfen-side document a role's delete is tried on: a 尧都 one where units matter. */
const deleteTarget = (slug: Slug) => ({
  ...newDoc(slug, 'countyEditor'),
  ...(slug === 'campaigns' ? { hosts: [m.fx.organizers.linfen] } : {}),
})

const asAdmin = async (slug: Slug, data: Record<string, unknown>): Promise<number> => {
  const { payload, fx } = m
  if (slug === 'media' || slug === 'renditions') {
    const file = {
      data: fx.image,
      mimetype: 'image/png',
      name: `${unique('img')}.png`,
      size: fx.image.length,
    }
    return Number(
      (await payload.create({ collection: slug as 'media', data: data as never, file })).id,
    )
  }
  // One sheet per judge, work and round: each sheet made here gets a judge of its own.
  const judge =
    slug === 'score-sheets'
      ? {
          judge: await asAdmin('users', {
            email: `${unique('judge')}@linfen.test`,
            password: 'access-test-password-1',
            role: 'judge',
          }),
        }
      : {}
  return Number(
    (
      await payload.create({
        collection: slug as 'organizers',
        data: { ...data, ...judge } as never,
        depth: 0,
      })
    ).id,
  )
}

const count = async (slug: Slug) =>
  (await m.payload.count({ collection: slug as 'organizers' })).totalDocs

const checkRefusal = (role: RoleName, outcome: { ok: boolean; status?: number }, what: string) => {
  expect(outcome.ok, what).toBe(false)
  if (refusedKeys.includes(role)) {
    expect(outcome.status, `${what}: key refused with 401`).toBe(401)
  }
}

const cases = roles.flatMap((role) => slugs.map((slug) => [role, slug] as const))

describe('create', () => {
  it.each(cases)('%s creating %s', async (role, slug) => {
    const allowed = expectedWrite[slug].create.includes(role)
    for (const route of m.routesFor(role, slug, 'create')) {
      // GraphQL takes no file uploads.
      if (slug === 'media' && route === 'graphql') {
        continue
      }
      const before = await count(slug)
      const outcome = await m.routes[route].create(role, slug, newDoc(slug, role))
      const what = `${route}: ${role} creating ${slug} (${outcome.detail})`
      if (allowed) {
        expect(outcome.ok, what).toBe(true)
      } else {
        checkRefusal(role, outcome, what)
        expect(await count(slug), `${route}: nothing written`).toBe(before)
      }
    }
    m.record(role, slug, 'C', refusedKeys.includes(role) ? '401' : allowed ? '✓' : '-')
  })
})

describe('update', () => {
  it.each(cases)('%s updating the Linfen-side %s', async (role, slug) => {
    const allowed = expectedWrite[slug].change.includes(role)
    const id = linfenSide(slug)
    for (const route of m.routesFor(role, slug, 'update')) {
      const [field, value] = edit(slug)
      const outcome = await m.routes[route].update(role, slug, id, { [field]: value })
      const what = `${route}: ${role} updating ${slug} (${outcome.detail})`
      if (allowed) {
        expect(outcome.ok, what).toBe(true)
      } else {
        checkRefusal(role, outcome, what)
      }
      const doc = (await m.payload.findByID({
        collection: slug as 'organizers',
        id,
        depth: 0,
      })) as unknown as Record<string, unknown>
      expect(
        doc[field] === value,
        `${route}: ${slug}.${field} ${allowed ? 'changed' : 'unchanged'}`,
      ).toBe(allowed)
    }
    m.record(role, slug, 'U', refusedKeys.includes(role) ? '401' : allowed ? '✓' : '-')
  })
})

describe('delete', () => {
  it.each(cases)('%s deleting a Linfen-side %s', async (role, slug) => {
    const allowed = (deleters[slug] ?? expectedWrite[slug].change).includes(role)
    for (const route of m.routesFor(role, slug, 'delete')) {
      const id = await asAdmin(slug, deleteTarget(slug))
      const outcome = await m.routes[route].delete(role, slug, id)
      const what = `${route}: ${role} deleting ${slug} (${outcome.detail})`
      if (allowed) {
        expect(outcome.ok, what).toBe(true)
      } else {
        checkRefusal(role, outcome, what)
      }
      expect(
        (await m.payload.count({ collection: slug as 'organizers', where: { id: { equals: id } } }))
          .totalDocs === 0,
        `${route}: ${slug} ${allowed ? 'gone' : 'still there'}`,
      ).toBe(allowed)
    }
    m.record(role, slug, 'D', refusedKeys.includes(role) ? '401' : allowed ? '✓' : '-')
  })
})

/** A frozen list is the record of the awards: nobody changes or deletes it, the office included. */
describe('a frozen award list', () => {
  const hosts: RoleName[] = ['admin', 'organizer']
  /** Past access (the office, Linfen's organizer) the list's state answers; before it, access. */
  const statusFor = (role: RoleName) =>
    refusedKeys.includes(role) ? 401 : hosts.includes(role) ? 409 : 403
  const refusals = {
    update: /“优秀组织单位”已确定，任何人都不能再修改 \/ "优秀组织单位" is frozen/,
    delete: /“优秀组织单位”已确定，不能删除 \/ "优秀组织单位" is frozen and cannot be deleted/,
  }

  it.each(roles)('%s can neither adjust nor delete Linfen’s frozen list', async (role) => {
    const id = m.fx.awardLists.linfenFrozen
    const stored = async () =>
      JSON.stringify(await m.payload.findByID({ collection: 'award-lists', id, depth: 0 }))
    const before = await stored()
    const adjustment = {
      units: [{ unit: m.fx.organizers.yaodu, isAwarded: false, reason: '复议后取消' }],
    }
    for (const op of ['update', 'delete'] as const) {
      for (const route of m.routesFor(role, 'award-lists', op)) {
        const outcome =
          op === 'update'
            ? await m.routes[route].update(role, 'award-lists', id, adjustment)
            : await m.routes[route].delete(role, 'award-lists', id)
        const what = `${route}: ${role} ${op} of the frozen list (${outcome.detail})`
        checkRefusal(role, outcome, what)
        if (route === 'rest') {
          expect(outcome.status, what).toBe(statusFor(role))
        } else if (hosts.includes(role)) {
          expect(outcome.detail, what).toMatch(refusals[op])
        }
      }
    }
    expect(await stored(), `${role}: the frozen list unchanged`).toBe(before)
  })

  it.each(['update', 'delete'] as const)(
    'answers the office’s %s with 409, in Chinese then English',
    async (op) => {
      const { status, body } = await m.call(
        'admin',
        op === 'update' ? 'PATCH' : 'DELETE',
        `/api/award-lists/${m.fx.awardLists.linfenFrozen}`,
        op === 'update' ? { publicShare: 50 } : undefined,
      )
      expect(status).toBe(409)
      expect(body.errors[0].message).toMatch(refusals[op])
    },
  )
})
