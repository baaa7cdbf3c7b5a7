import type { Payload } from 'payload'

import sharp from 'sharp'

import { awardsWrite } from '../../src/awards/shared'

/**
 * A small slice of Linfen 2020 and Shanghai 2017 for access tests: the hierarchy
 * 全总 → 山西 → 临汾 → 尧都 / 霍州, with Shanghai beside it, and one user per role.
 */
export type AccessFixture = Awaited<ReturnType<typeof buildAccessFixture>>

export const password = 'access-test-password-1'

export const buildAccessFixture = async (payload: Payload) => {
  const create = async <T extends Record<string, unknown>>(collection: string, data: T) =>
    Number(
      (
        await payload.create({
          collection: collection as 'organizers',
          data: data as never,
          depth: 0,
        })
      ).id,
    )

  const org = async (name: string, level: string, parent?: number) =>
    create('organizers', { name, kind: 'federation', level, parent })
  const national = await org('中华全国总工会', 'national')
  const shanxi = await org('山西省总工会', 'provincial', national)
  const linfen = await org('临汾市总工会', 'city', shanxi)
  const yaodu = await org('尧都区总工会', 'county', linfen)
  const huozhou = await org('霍州市总工会', 'county', linfen)
  const shanghai = await org('上海市总工会', 'provincial', national)
  const organizers = { national, shanxi, linfen, yaodu, huozhou, shanghai }

  const campaigns = {
    linfen: await create('campaigns', {
      name: '2020年临汾市“网聚职工正能量 争做中国好网民”主题活动',
      year: 2020,
      status: 'active',
      hosts: [linfen],
    }),
    shanghai: await create('campaigns', {
      name: '2017年上海市“网聚职工正能量 争做中国好网民”主题活动',
      year: 2017,
      status: 'active',
      hosts: [shanghai],
    }),
    linfenDraft: await create('campaigns', {
      name: '2021年临汾市主题活动（筹备）',
      year: 2021,
      status: 'draft',
      hosts: [linfen],
    }),
  }

  const subProjects = {
    linfen: await create('sub-projects', {
      campaign: campaigns.linfen,
      name: '网络正能量微视频征集',
      kind: 'micro-video',
      _status: 'published',
    }),
    linfenDraft: await create('sub-projects', {
      campaign: campaigns.linfen,
      name: '网络正能量微课征集（草稿）',
      kind: 'micro-lesson',
      _status: 'draft',
    }),
    shanghai: await create('sub-projects', {
      campaign: campaigns.shanghai,
      name: '“网络好职工”读书征文',
      kind: 'essay',
      _status: 'published',
    }),
    shanghaiDraft: await create('sub-projects', {
      campaign: campaigns.shanghai,
      name: '“网言网语”征集（草稿）',
      kind: 'slogan',
      _status: 'draft',
    }),
  }

  const notices = {
    linfen: await create('notices', {
      title: '关于持续深入开展2020年主题活动的通知',
      documentNumber: '临工办发〔2020〕8号',
      campaign: campaigns.linfen,
      _status: 'published',
    }),
    linfenDraft: await create('notices', {
      title: '关于2020年主题活动评选结果的通报（草稿）',
      campaign: campaigns.linfen,
      _status: 'draft',
    }),
    shanghai: await create('notices', {
      title: '关于联合开展主题活动的实施意见',
      documentNumber: '沪工总宣〔2017〕152号',
      campaign: campaigns.shanghai,
      _status: 'published',
    }),
    shanghaiDraft: await create('notices', {
      title: '关于上海市主题活动评选结果的通报（草稿）',
      campaign: campaigns.shanghai,
      _status: 'draft',
    }),
  }

  const quotas = {
    linfen: await create('quotas', {
      campaign: campaigns.linfen,
      unit: yaodu,
      offlineEvents: 1,
      works: [{ subProject: subProjects.linfen, count: 1 }],
    }),
    shanghai: await create('quotas', {
      campaign: campaigns.shanghai,
      unit: shanghai,
      offlineEvents: 2,
    }),
  }

  // The partner site takes Linfen's campaign only: it reads Linfen's published, selected content.
  const partnerSite = await create('partner-sites', {
    name: '中工网',
    kind: 'central-news-site',
    channels: ['pc', 'app'],
    push: { campaigns: [campaigns.linfen] },
  })
  const partnerSites = { workercn: partnerSite }
  const columns = {
    linfen: await create('columns', {
      title: '网聚职工正能量专栏',
      partnerSite,
      campaign: campaigns.linfen,
      channel: 'pc',
      hasInteractionWindow: true,
      _status: 'published',
    }),
    shanghai: await create('columns', {
      title: '上海职工好网民专栏',
      partnerSite,
      campaign: campaigns.shanghai,
      channel: 'app',
      _status: 'published',
    }),
    // 尧都's own column being composed: its editors, Linfen's hosts and the office read the draft.
    yaoduDraft: await create('columns', {
      title: '尧都区总工会·网聚职工正能量专栏',
      unit: yaodu,
      campaign: campaigns.linfen,
      channel: 'app',
      _status: 'draft',
    }),
  }

  const contacts = {
    linfen: await create('contacts', {
      name: '赵起越',
      organizer: linfen,
      department: '市总宣传网络中心',
      landline: '0357-2080181',
      mobile: '13800000001',
      publicFields: ['department', 'landline'],
    }),
    yaodu: await create('contacts', {
      name: '尧都区联络员',
      organizer: yaodu,
      mobile: '13800000002',
    }),
    shanghai: await create('contacts', {
      name: '陆焯',
      organizer: shanghai,
      mobile: '18918885696',
      publicFields: ['mobile'],
    }),
  }

  const user = async (email: string, role: string, organizer?: number) =>
    create('users', { email, password, role, organizer, name: email.split('@')[0] })
  const users = {
    organizer: await user('organizer@linfen.test', 'organizer', linfen),
    // A county organizer whose unit hosts no campaign, and another province's organizer.
    countyOrganizer: await user('organizer@yaodu.test', 'organizer', yaodu),
    shanghaiOrganizer: await user('organizer@shanghai.test', 'organizer', shanghai),
    cityEditor: await user('city@linfen.test', 'unit-editor', linfen),
    countyEditor: await user('yaodu@linfen.test', 'unit-editor', yaodu),
    judge: await user('judge@linfen.test', 'judge'),
    shanghaiEditor: await user('editor@shanghai.test', 'unit-editor', shanghai),
  }

  const entry = (
    title: string,
    submittingUnit: number,
    status: string,
    subProject: number,
    extra: Record<string, unknown> = {},
  ) =>
    create('entries', {
      title,
      subProject,
      submittingUnit,
      status,
      authors: [
        { name: '张师傅', unit: '临汾钢铁厂', mobile: '13900000000', email: 'zhang@example.com' },
      ],
      internalNotes: '内部：待核实',
      ...extra,
    })
  const entries = {
    yaodu: await entry('尧都区：车间里的正能量', yaodu, 'submitted', subProjects.linfen),
    huozhou: await entry('霍州市：战疫一线', huozhou, 'submitted', subProjects.linfen, {
      judges: [users.judge],
    }),
    city: await entry('临汾市：劳动最光荣', linfen, 'reported', subProjects.linfen),
    published: await entry('霍州市：大国工匠在身边', huozhou, 'published', subProjects.linfen, {
      bestWork: { status: 'selected' },
    }),
    // Published, not selected as a best work: the public reads it, a partner does not.
    unselected: await entry('霍州市：劳动者之歌', huozhou, 'published', subProjects.linfen),
    shanghai: await entry('上海：最美劳动者', shanghai, 'submitted', subProjects.shanghai),
    // Published and pushed, then taken back (撤稿): never public again, still the office's.
    takenDown: await entry('霍州市：撤稿作品', huozhou, 'published', subProjects.linfen, {
      bestWork: { status: 'selected' },
    }),
  }
  await payload.update({
    collection: 'entries',
    id: entries.takenDown,
    data: { bestWork: { status: 'recommended' } },
  })

  const worker = (
    name: string,
    unit: number,
    status: string,
    campaign: number,
    relatedEntries: number[] = [],
  ) =>
    create('featured-workers', {
      name,
      unit,
      status,
      campaign,
      relatedEntries,
      recommendedBy: 'union',
      recommender: { name: '推荐人甲', contact: '13700000000' },
      internalNotes: '内部：采访安排',
    })
  const featuredWorkers = {
    yaodu: await worker('尧都区工匠', yaodu, 'recommended', campaigns.linfen, [entries.huozhou]),
    huozhou: await worker('霍州市工匠', huozhou, 'published', campaigns.linfen),
    shanghai: await worker('上海工匠', shanghai, 'recommended', campaigns.shanghai),
  }

  const image = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c00' } })
    .png()
    .toBuffer()
  const upload = async (alt: string, name: string) =>
    Number(
      (
        await payload.create({
          collection: 'media',
          data: { alt },
          file: { data: image, mimetype: 'image/png', name, size: image.length },
        })
      ).id,
    )
  const media = {
    // Used by nothing published: the office's alone.
    poster: await upload('活动海报', 'poster.png'),
    // The photo of Linfen's published work: public.
    published: await upload('大国工匠在身边', 'published.png'),
    // The photo of 尧都's unscreened submission: its reach's only.
    yaoduSubmission: await upload('车间里的正能量', 'yaodu-submission.png'),
  }
  await payload.update({
    collection: 'entries',
    id: entries.published,
    data: { media: [media.published] },
  })
  await payload.update({
    collection: 'entries',
    id: entries.yaodu,
    data: { media: [media.yaoduSubmission] },
  })
  // Derived files read as their originals are.
  const rendition = async (original: number, name: string) =>
    Number(
      (
        await payload.create({
          collection: 'renditions',
          data: { name: 'thumbnail', original },
          file: { data: image, mimetype: 'image/png', name, size: image.length },
        })
      ).id,
    )
  const renditions = {
    published: await rendition(media.published, 'published-thumbnail.png'),
    yaoduSubmission: await rendition(media.yaoduSubmission, 'yaodu-submission-thumbnail.png'),
  }

  const partnerAccount = await payload.create({
    collection: 'partner-accounts',
    data: {
      name: '中工网接口',
      partnerSite,
      enableAPIKey: true,
      apiKey: 'workercn-test-api-key-0123456789',
    },
  })
  // A key the site was given once and the office switched off since.
  const revokedAccount = await payload.create({
    collection: 'partner-accounts',
    data: {
      name: '中工网旧接口',
      partnerSite,
      enableAPIKey: true,
      apiKey: 'workercn-revoked-key-0123456789',
    },
  })
  await payload.update({
    collection: 'partner-accounts',
    id: revokedAccount.id,
    data: { enableAPIKey: false },
  })

  // The push history of a Linfen work and of a Shanghai one, as the plugin writes it.
  const delivery = (entry: number, webhookId: string) =>
    create('deliveries', {
      partnerSite,
      entry,
      event: 'publish',
      version: 1,
      sequence: 1,
      webhookId,
      state: 'delivered',
    })
  const deliveries = {
    linfen: await delivery(entries.published, 'msg_access_linfen'),
    shanghai: await delivery(entries.shanghai, 'msg_access_shanghai'),
  }
  const receipt = (entry: number, url: string) =>
    create('receipts', { partnerSite, entry, kind: 'published', url, channel: 'pc' })
  const receipts = {
    linfen: await receipt(entries.published, 'https://www.workercn.cn/gongjiang/1.html'),
    shanghai: await receipt(entries.shanghai, 'https://www.workercn.cn/shanghai/1.html'),
  }

  // 尧都's draft report to the city (报送批次): its reach, the city's and the office's to read.
  const reportBatches = {
    yaodu: await create('report-batches', {
      campaign: campaigns.linfen,
      fromUnit: yaodu,
      activityReport: { text: '尧都区主题活动开展情况' },
    }),
  }

  // 评审: Linfen's open round, the judge on its panel and its sheet on 霍州's work (which the judge
  // reads); a round of Linfen's still being prepared; Shanghai's open round, whose sheet another
  // judge (of no unit: no organizer reads the account) holds.
  const shanghaiJudge = await create('users', {
    email: 'judge@shanghai.test',
    password,
    role: 'judge',
    name: 'shanghai-judge',
  })
  const rubric = [{ name: '思想性', weight: 1, maxScore: 10 }]
  const round = (subProject: number, name: string, status: string, panel: number[]) =>
    create('judging-rounds', { subProject, name, order: 1, status, panel, criteria: rubric })
  const judgingRounds = {
    linfen: await round(subProjects.linfen, '初评', 'open', [users.judge]),
    linfenDraft: await round(subProjects.linfen, '复评', 'draft', [users.judge]),
    shanghai: await round(subProjects.shanghai, '初评', 'open', [shanghaiJudge]),
  }
  const scoreSheets = {
    linfen: await create('score-sheets', {
      round: judgingRounds.linfen,
      entry: entries.huozhou,
      judge: users.judge,
    }),
    shanghai: await create('score-sheets', {
      round: judgingRounds.shanghai,
      entry: entries.shanghai,
      judge: shanghaiJudge,
    }),
  }

  // 网络投票, as the voting endpoints record them: who voted, from where and how, is the office's.
  const vote = (entry: number, campaign: number, subProject: number, voter: string) =>
    create('votes', {
      entry,
      campaign,
      subProject,
      day: '2020-10-01',
      valid: true,
      voter,
      verifier: 'email',
      address: '203.0.113.7',
      addressBlock: '203.0.113.0/24',
      userAgent: 'Mozilla/5.0 (fixture)',
    })
  const votes = {
    linfen: await vote(entries.published, campaigns.linfen, subProjects.linfen, 'voter-hash-1'),
    shanghai: await vote(
      entries.shanghai,
      campaigns.shanghai,
      subProjects.shanghai,
      'voter-hash-2',
    ),
  }
  const voterCodes = {
    code: await create('voter-codes', {
      voter: 'voter-hash-1',
      verifier: 'email',
      codeHash: 'code-hash-1',
      expiresAt: new Date(Date.now() + 600_000).toISOString(),
    }),
  }

  // 评奖结果: Linfen's micro-video list being drawn up (its tiers set), Linfen's 优秀组织单位 list
  // frozen, and Shanghai's essay list. A person's write always leaves a list a draft: the frozen
  // one is written as the freeze writes it (its context key), the only way a list becomes frozen.
  const tiers = [
    { tier: 'first', count: 1 },
    { tier: 'second', count: 1 },
  ]
  const awardLists = {
    linfen: await create('award-lists', {
      campaign: campaigns.linfen,
      kind: 'works',
      subProject: subProjects.linfen,
      tiers,
    }),
    linfenFrozen: await create('award-lists', {
      campaign: campaigns.linfen,
      kind: 'organizing-units',
    }),
    shanghai: await create('award-lists', {
      campaign: campaigns.shanghai,
      kind: 'works',
      subProject: subProjects.shanghai,
      tiers,
    }),
  }
  await payload.update({
    collection: 'award-lists',
    id: awardLists.linfenFrozen,
    data: {
      status: 'frozen',
      frozenAt: '2020-12-01T08:00:00.000Z',
      units: [{ unit: yaodu, reported: 1, quotaMet: true, isAwarded: true }],
    },
    context: { [awardsWrite]: 'freeze' },
    depth: 0,
  })

  // 敏感词: the national base list's, and each campaign's own.
  const sensitiveWords = {
    national: await create('sensitive-words', { word: '赌博', action: 'block' }),
    linfen: await create('sensitive-words', {
      word: '代开发票',
      action: 'hold',
      campaign: campaigns.linfen,
    }),
    shanghai: await create('sensitive-words', {
      word: '刷票',
      action: 'hold',
      campaign: campaigns.shanghai,
    }),
  }

  // 互动窗口: netizens' comments on 尧都's own column (pending and approved), and pending ones on the
  // partner columns of Linfen's and Shanghai's campaigns, which have no unit: their hosts moderate.
  const interaction = (column: number, campaign: number, unit: number | null, state: string) =>
    create('interactions', {
      kind: 'comment',
      column,
      campaign,
      unit,
      state,
      body: `向大国工匠致敬（${state}）`,
      authorName: '网友',
      contact: '13800000009',
    })
  const interactions = {
    yaoduPending: await interaction(columns.yaoduDraft, campaigns.linfen, yaodu, 'pending'),
    yaoduApproved: await interaction(columns.yaoduDraft, campaigns.linfen, yaodu, 'approved'),
    linfenPending: await interaction(columns.linfen, campaigns.linfen, null, 'pending'),
    shanghaiPending: await interaction(columns.shanghai, campaigns.shanghai, null, 'pending'),
  }

  return {
    sensitiveWords,
    interactions,
    awardLists,
    judgingRounds,
    scoreSheets,
    votes,
    voterCodes,
    shanghaiJudge,
    organizers,
    campaigns,
    reportBatches,
    subProjects,
    notices,
    quotas,
    partnerSites,
    columns,
    contacts,
    users,
    entries,
    featuredWorkers,
    media,
    renditions,
    partnerAccounts: { workercn: Number(partnerAccount.id), revoked: Number(revokedAccount.id) },
    partnerApiKey: 'workercn-test-api-key-0123456789',
    revokedApiKey: 'workercn-revoked-key-0123456789',
    deliveries,
    receipts,
    image,
  }
}
