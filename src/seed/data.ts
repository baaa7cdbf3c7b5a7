import type { SeedData, SeedOrganizer, SeedPartnerSite } from './types'

/**
 * Demo data transcribed from the source notices in ../shared/seeds/:
 *   000 — 川信办发文〔2016〕11号 (Sichuan's forward) and 国信办通字〔2016〕2号 (national, 大国工匠篇)
 *   001 — 临工办发〔2020〕8号 (Linfen 2020, with 附件1 quota table and 附件2 sub-projects)
 *   002 — 沪工总宣〔2017〕152号 (Shanghai 2017 实施意见)
 *   004 — 北京市总工会 2015-01-09 notice (no 文号)
 * Records refer to each other by organizer name, campaign key and 文号.
 */

// 000: 三、参与单位 1. — the 15 central key news sites, in the order printed
const centralNewsSites = [
  '人民网',
  '新华网',
  '中国网',
  '国际在线',
  '中国日报网',
  '中国网络电视台',
  '中工网',
  '中国青年网',
  '中国经济网',
  '中国台湾网',
  '中国西藏网',
  '光明网',
  '央广网',
  '中国新闻网',
  '中青在线',
]

// 000: 三、参与单位 4. — the main commercial sites
const commercialSites = ['新浪', '搜狐', '网易', '腾讯', '凤凰', '百度']

// 000: 五(一)三 — "视频作品统一添加由央视网制作的片头"
const introClipMaker = '央视网'

// 001: 附件1 — the 19 units, in the order printed
const linfenUnits = [
  '尧都区总工会',
  '霍州市总工会',
  '侯马市总工会',
  '洪洞县总工会',
  '襄汾县总工会',
  '曲沃县总工会',
  '翼城县总工会',
  '蒲县总工会',
  '古县总工会',
  '安泽县总工会',
  '浮山县总工会',
  '汾西县总工会',
  '隰县总工会',
  '吉县总工会',
  '乡宁县总工会',
  '大宁县总工会',
  '永和县总工会',
  '侯马开发区工会',
  '临汾开发区工会',
]

/**
 * 001: 附件1 任务分解表, verbatim (tab-separated as printed, empty lines dropped). Rows 11–19 and
 * 合计 have three more values than the header has columns; they are kept as printed.
 */
const linfenQuotaTable = [
  '序号\t单 位\t线 下 活动(场)\t微视频 (个)\t专题活动 (个)\t摄影 作品(个)\t优秀 平台(个)\t诵读 作品(篇)\t歌曲 (首)\t微课 视频(个)',
  '1\t尧都区总工会\t1\t1\t1\t10\t1\t2\t1\t1',
  '2\t霍州市总工会\t1\t1\t1\t10\t1\t2\t1\t1',
  '3\t侯马市总工会\t1\t1\t1\t10\t1\t2\t1\t1',
  '4\t洪洞县总工会\t1\t1\t1\t10\t1\t1\t1\t1',
  '5\t襄汾县总工会\t1\t1\t1\t10\t1\t1\t1\t1',
  '6\t曲沃县总工会\t1\t1\t1\t10\t1\t1\t1\t1',
  '7\t翼城县总工会\t1\t1\t1\t10\t1\t1\t1\t1',
  '8\t蒲县总工会\t1\t1\t1\t10\t1\t1\t1\t1',
  '9\t古县总工会\t1\t1\t1\t10\t1\t1\t1\t1',
  '10\t安泽县总工会\t1\t1\t1\t10\t1\t1\t1\t1',
  '11\t浮山县总工会\t1\t1\t1\t10\t1\t1\t1\t1\t1\t1\t1',
  '12\t汾西县总工会\t1\t1\t1\t10\t1\t1\t1\t1\t1\t1\t1',
  '13\t隰县总工会\t1\t1\t1\t10\t1\t1\t1\t1\t1\t1\t1',
  '14\t吉县总工会\t1\t1\t1\t10\t1\t1\t1\t1\t1\t1\t1',
  '15\t乡宁县总工会\t1\t1\t1\t10\t1\t1\t1\t1\t1\t1\t1',
  '16\t大宁县总工会\t1\t1\t1\t10\t1\t1\t1\t1\t1\t1\t1',
  '17\t永和县总工会\t1\t1\t1\t10\t1\t1\t1\t1\t1\t1\t1',
  '18\t侯马开发区工会\t1\t1\t1\t10\t1\t1\t1\t1\t1\t1\t1',
  '19\t临汾开发区工会\t1\t1\t1\t10\t1\t1\t1\t1\t1\t1\t1',
  '\t合计\t19\t19\t19\t190\t19\t19\t19\t19\t19\t19\t19',
].join('\n')

/** 000: 五(一)二 — every participant opens a column on PC and 两微一端. */
const allChannels: NonNullable<SeedPartnerSite['channels']> = ['pc', 'weibo', 'wechat', 'app']

const organizers: SeedOrganizer[] = [
  // 000: 主办单位 (national), and the departments named in 五(一)四
  { name: '国家互联网信息办公室', shortName: '国家网信办', kind: 'cac', level: 'national' },
  { name: '国家网信办传播局', kind: 'cac', level: 'national', parent: '国家互联网信息办公室' },
  { name: '中华全国总工会', shortName: '全总', kind: 'federation', level: 'national' },
  { name: '全总宣传教育部', kind: 'federation', level: 'national', parent: '中华全国总工会' },

  // 000: 参与单位 — central key news sites, the intro-clip maker, commercial sites
  ...centralNewsSites.map((name): SeedOrganizer => ({
    name,
    kind: 'central-news-site',
    level: 'national',
  })),
  { name: introClipMaker, kind: 'central-news-site', level: 'national' },
  ...commercialSites.map((name): SeedOrganizer => ({
    name,
    kind: 'commercial-site',
    level: 'national',
  })),

  // 000: 川信办发文〔2016〕11号 issuers
  {
    name: '四川省互联网信息办公室',
    shortName: '省网信办',
    kind: 'cac',
    level: 'provincial',
    parent: '国家互联网信息办公室',
    region: '四川省',
  },
  {
    name: '四川省总工会',
    shortName: '省总工会',
    kind: 'federation',
    level: 'provincial',
    parent: '中华全国总工会',
    region: '四川省',
  },

  // 001: 临工办发〔2020〕8号 — "按照山西省总工会和省网信办要求"
  {
    name: '山西省总工会',
    kind: 'federation',
    level: 'provincial',
    parent: '中华全国总工会',
    region: '山西省',
  },
  {
    name: '山西省互联网信息办公室',
    kind: 'cac',
    level: 'provincial',
    parent: '国家互联网信息办公室',
    region: '山西省',
  },

  // 001: issuers, and the centre works are reported to (六(2): lfghwlzx@163.com)
  {
    name: '临汾市总工会',
    kind: 'federation',
    level: 'city',
    parent: '山西省总工会',
    region: '山西省临汾市',
    reportingMailbox: 'lfghwlzx@163.com',
  },
  {
    name: '临汾市总工会宣传网络中心',
    shortName: '市总宣传网络中心',
    kind: 'federation',
    level: 'grassroots',
    parent: '临汾市总工会',
    region: '山西省临汾市',
  },
  {
    name: '临汾市委网络安全和信息化委员会办公室',
    shortName: '临汾市委网信办',
    kind: 'cac',
    level: 'city',
    parent: '山西省互联网信息办公室',
    region: '山西省临汾市',
  },

  // 001: 附件1 — the 19 reporting units
  ...linfenUnits.map((name): SeedOrganizer => ({
    name,
    kind: 'federation',
    level: 'county',
    parent: '临汾市总工会',
    region: '山西省临汾市',
  })),

  // 001: 附件2 — sub-project hosts (承办单位)
  {
    name: '天津市总工会',
    kind: 'federation',
    level: 'provincial',
    parent: '中华全国总工会',
    region: '天津市',
  },
  {
    name: '河北省总工会',
    kind: 'federation',
    level: 'provincial',
    parent: '中华全国总工会',
    region: '河北省',
  },
  {
    name: '浙江省总工会',
    kind: 'federation',
    level: 'provincial',
    parent: '中华全国总工会',
    region: '浙江省',
    website: 'http://www.zjftu.org',
  },
  {
    name: '安徽省总工会',
    kind: 'federation',
    level: 'provincial',
    parent: '中华全国总工会',
    region: '安徽省',
    website: 'https://www.ahghw.org',
  },
  {
    name: '福建省总工会',
    kind: 'federation',
    level: 'provincial',
    parent: '中华全国总工会',
    region: '福建省',
  },
  {
    name: '厦门市总工会',
    kind: 'federation',
    level: 'city',
    parent: '福建省总工会',
    region: '福建省厦门市',
    website: 'http://www.xmzgh.org',
  },
  {
    name: '陕西省总工会',
    kind: 'federation',
    level: 'provincial',
    parent: '中华全国总工会',
    region: '陕西省',
    website: 'http://www.shxgh.org',
  },
  { name: '中国金融工会', kind: 'industry-union', level: 'national', parent: '中华全国总工会' },
  { name: '中国工人出版社', kind: 'publisher', level: 'national', parent: '中华全国总工会' },

  // 002: 沪工总宣〔2017〕152号 issuers
  {
    name: '上海市总工会',
    kind: 'federation',
    level: 'provincial',
    parent: '中华全国总工会',
    region: '上海市',
  },
  {
    name: '上海市互联网信息办公室',
    shortName: '上海市网信办',
    kind: 'cac',
    level: 'provincial',
    parent: '国家互联网信息办公室',
    region: '上海市',
  },

  // 004: Beijing 2015 issuer
  {
    name: '北京市总工会',
    kind: 'federation',
    level: 'provincial',
    parent: '中华全国总工会',
    region: '北京市',
  },
]

export const seedData: SeedData = {
  organizers,

  contacts: [
    // 000: 川信办发文〔2016〕11号
    {
      name: '龙旭辉',
      organizer: '四川省互联网信息办公室',
      mobile: '18615703120',
      publicFields: ['mobile'],
    },
    { name: '童鑫', organizer: '四川省总工会', mobile: '15982815217', publicFields: ['mobile'] },

    // 001: 临工办发〔2020〕8号
    {
      name: '赵起越',
      organizer: '临汾市总工会',
      department: '市总宣传网络中心',
      landline: '0357-2080181',
      publicFields: ['department', 'landline'],
    },
    {
      name: '王锐',
      organizer: '临汾市委网络安全和信息化委员会办公室',
      landline: '0357-2090832',
      publicFields: ['landline'],
    },

    // 001: 附件2 — one contact per sub-project
    { name: '姜志', organizer: '天津市总工会', mobile: '13502005741', publicFields: ['mobile'] },
    {
      name: '刘志超',
      organizer: '河北省总工会',
      landline: '0311-67569092',
      mobile: '13832175279',
      publicFields: ['landline', 'mobile'],
    },
    {
      name: '章明飞',
      organizer: '浙江省总工会',
      landline: '0578-85112606',
      mobile: '13675842788',
      publicFields: ['landline', 'mobile'],
    },
    {
      name: '尹云霞',
      organizer: '安徽省总工会',
      landline: '0551-62777029',
      mobile: '13956630887',
      publicFields: ['landline', 'mobile'],
    },
    {
      name: '戴明词',
      organizer: '厦门市总工会',
      landline: '0592-2661026',
      mobile: '15160053699',
      publicFields: ['landline', 'mobile'],
    },
    {
      name: '冯曦',
      organizer: '陕西省总工会',
      landline: '029-87329782',
      mobile: '13379287188',
      publicFields: ['landline', 'mobile'],
    },
    {
      name: '曹文星',
      organizer: '中国金融工会',
      landline: '010-66278673',
      mobile: '15010286970',
      publicFields: ['landline', 'mobile'],
    },
    {
      name: '秦笑语',
      organizer: '中国工人出版社',
      landline: '010-62005032',
      mobile: '13520401922',
      publicFields: ['landline', 'mobile'],
    },

    // 002: 沪工总宣〔2017〕152号
    { name: '陆焯', organizer: '上海市总工会', mobile: '18918885696', publicFields: ['mobile'] },
    {
      name: '洪梅',
      organizer: '上海市互联网信息办公室',
      mobile: '18918886971',
      publicFields: ['mobile'],
    },
  ],

  campaigns: [
    // 000: 国信办通字〔2016〕2号
    {
      key: 'national-2016-craftsmen',
      name: '“中国梦·大国工匠篇”大型主题宣传活动',
      year: 2016,
      status: 'closed',
      theme:
        '依托全国各级工会，组织中央重点新闻网站和主要商业网站，深入企业、班组，选取基层一线优秀技术工人作为宣传报道重点，以点带面，诠释和弘扬工人阶级伟大品格和劳模精神、劳动精神，让工匠精神更加深入人心',
      period: { start: '2016-04-01', end: '2016-10-31' },
      hosts: ['国家互联网信息办公室', '中华全国总工会'],
      participants: [...centralNewsSites, ...commercialSites, introClipMaker],
      label: '中国梦·大国工匠篇',
    },

    // 002: the national notice Shanghai implements (《中华全国总工会、中央网信办关于联合开展…的通知》)
    {
      key: 'national-2017-netizens',
      name: '2017年“网聚职工正能量 争做中国好网民”主题活动',
      year: 2017,
      status: 'closed',
      hosts: ['中华全国总工会', '国家互联网信息办公室'],
    },

    // 002: 沪工总宣〔2017〕152号
    {
      key: 'shanghai-2017',
      name: '2017年上海市“网聚职工正能量 争做中国好网民”主题活动',
      year: 2017,
      status: 'closed',
      parent: 'national-2017-netizens',
      period: { start: '2017-03-01', end: '2017-10-31' },
      phases: [
        {
          name: '活动启动',
          start: '2017-03-01',
          end: '2017-04-30',
          description:
            '各区总工会会同各区宣传部门，全面启动2017年“网聚职工正能量 争做中国好网民”主题活动，在上海广大职工和工会干部中全面推开。',
        },
        {
          name: '广泛开展',
          start: '2017-05-01',
          end: '2017-08-31',
          description: '各地围绕主题活动内容，分步骤分阶段开展主题活动。',
        },
        {
          name: '展示评选',
          start: '2017-09-01',
          end: '2017-10-31',
          description:
            '汇集2017年主题活动成果，评选先进典型人物和优秀网络文化作品。请各组织单位将各地开展主题活动主要成果，报送上海市总工会宣教部（网宣办）和市网信办，择优组织表彰。',
        },
      ],
      hosts: ['上海市总工会', '上海市互联网信息办公室'],
      // 三(四)
      propagandistTargets: [
        { tier: '网评专家', count: 10 },
        { tier: '市级网评员', count: 10 },
        { tier: '核心网评员', count: 100 },
        { tier: '基础网评员', count: 1000 },
      ],
    },

    // 001: the national edition Linfen follows ("根据全总统一安排")
    {
      key: 'national-2020-netizens',
      name: '2020年“网聚职工正能量 争做中国好网民”主题活动',
      year: 2020,
      status: 'closed',
      hosts: ['中华全国总工会', '国家互联网信息办公室'],
    },

    // 001: 临工办发〔2020〕8号
    {
      key: 'linfen-2020',
      name: '2020年临汾市“网聚职工正能量 争做中国好网民”主题活动',
      year: 2020,
      status: 'closed',
      parent: 'national-2020-netizens',
      theme: '展示战疫风采·争做中国好网民',
      period: { start: '2020-06-01', end: '2020-11-30' },
      phases: [
        {
          name: '活动启动',
          start: '2020-06-01',
          end: '2020-06-30',
          description:
            '由市总工会和市委网信办联合下发通知,全市启动2020年“网聚职工正能量 争做中国好网民”主题活动。',
        },
        {
          name: '活动推进',
          start: '2020-06-01',
          end: '2020-08-31',
          description:
            '各县(市、区)总工会、市直各基层工会围绕主题活动内容,分阶段、分步骤组织动员企业、职工网民开展活动,并按活动项目收集、整理、初步筛选出优秀网络文化作品。',
        },
        {
          name: '评选总结',
          start: '2020-09-01',
          end: '2020-11-30',
          description:
            '10月,按项目对报送的参评作品进行评审。11月,市总工会和市委网信办通报2020年主题活动开展情况及优秀作品。',
          deadlines: [
            {
              date: '2020-09-15',
              due: '报送初步筛选的参评作品、开展主题活动和发展职工好网民宣传员情况报告',
            },
          ],
        },
      ],
      hosts: ['临汾市总工会', '临汾市委网络安全和信息化委员会办公室'],
      participants: linfenUnits,
      // 三(三)
      propagandistTargets: [{ tier: '职工好网民宣传员', count: 50 }],
    },
  ],

  subProjects: [
    // 001: 附件2 — the eight sub-projects, in the order printed
    {
      campaign: 'linfen-2020',
      name: '网络正能量微视频征集',
      kind: 'micro-video',
      description:
        '面向广大职工征集绝活、建功新时代、劳动创造奉献、疫情防控、网络安全和网络文明故事等积极向上、充满正能量的短视频作品。视频文件格式为 MP4，画面清晰，声音清楚，重点内容配字幕，时长小于 3 分钟，文件小于 50MB。',
      host: '天津市总工会',
      platforms: [{ kind: 'wechat', name: '津工E家' }],
      contacts: ['姜志'],
      spec: {
        mediaKinds: ['video'],
        containers: ['mp4'],
        // 时长小于 3 分钟，文件小于 50MB: both bounds exclusive.
        maxDurationSeconds: 180,
        maxDurationIsExclusive: true,
        maxFileSizeMB: 50,
        maxFileSizeIsExclusive: true,
        subtitlesRequired: true,
        // 声音清楚: a sound track, not silent throughout.
        audibleAudioRequired: true,
        notes: '画面清晰，声音清楚，重点内容配字幕',
      },
      quotaColumn: '微视频',
    },
    {
      campaign: 'linfen-2020',
      name: '网络正能量专题活动征集',
      kind: 'activity-case',
      description:
        '征集各级工会充分利用互联网，组织职工开展正能量专题活动先进事例。包括各级工会开展的涉及职工参与的各类线下活动，经过网络平台传播了正能量的；各级工会通过网络平台开展的各类线上活动，传播了正能量的。',
      host: '河北省总工会',
      platforms: [
        { kind: 'website', name: '河北职工服务网', address: 'http://www.hebzgfw.cn' },
        { kind: 'wechat', name: '冀工之家' },
      ],
      contacts: ['刘志超'],
      quotaColumn: '专题活动',
    },
    {
      campaign: 'linfen-2020',
      name: '网络正能量诵读作品征集',
      kind: 'recitation',
      description:
        '活动以“诵读传递正能量 争做中国好网民”为主题，引导职工在诵读中传习新思想，感受经典魅力，开启智慧人生。诵读内容为新思想诵读、经典文学作品诵读、个人原创作品诵读，所有作品制作成短视频展示。',
      host: '浙江省总工会',
      platforms: [
        { kind: 'website', name: '浙江网上职工之家', address: 'http://www.zjftu.org' },
        { kind: 'wechat', name: '浙工之家' },
      ],
      contacts: ['章明飞'],
      spec: { mediaKinds: ['video'], notes: '所有作品制作成短视频展示' },
      quotaColumn: '诵读作品',
    },
    {
      campaign: 'linfen-2020',
      name: '网络正能量摄影作品征集',
      kind: 'photography',
      description:
        '征集展现广大职工爱岗敬业、艰苦奋斗、勇于创新、甘于奉献的精神风貌，反映各行各业劳模风采、工匠技艺，展示企业火热劳动场景、职工幸福生活场景的原创摄影作品；征集抗击疫情主题摄影作品。',
      host: '安徽省总工会',
      platforms: [
        { kind: 'website', name: '安徽省总工会官网', address: 'https://www.ahghw.org' },
        { kind: 'website', name: '安徽职工服务网', address: 'http://zgfw.ahghw.org' },
        { kind: 'wechat', name: '安徽省总工会官方微信公众号' },
      ],
      contacts: ['尹云霞'],
      spec: { mediaKinds: ['image'], notes: '原创' },
      quotaColumn: '摄影作品',
    },
    {
      campaign: 'linfen-2020',
      name: '互联网+普惠服务优秀平台征集',
      kind: 'service-platform',
      description:
        '征集各级工会充分利用微信、APP客户端、网站等，开展宣传教育、就业服务、维权帮扶、技能提升、商家优惠、公共服务等各类网上普惠服务项目的优秀平台。',
      host: '厦门市总工会',
      platforms: [
        { kind: 'website', name: '厦门市总工会官网', address: 'http://www.xmzgh.org' },
        { kind: 'wechat', name: '厦门市总工会官方微信公众号' },
      ],
      contacts: ['戴明词'],
      quotaColumn: '优秀平台',
    },
    {
      campaign: 'linfen-2020',
      name: '网络正能量微电影征集',
      kind: 'micro-film',
      description:
        '以“身边的劳动者”为主题，通过网络微电影挖掘和展示平凡中见伟大、细微处见真情的人物和事件，用镜头讲好抗疫故事。作品需突出“劳模精神、工匠精神、劳动精神”内容，符合微电影创作的基本要求，构思新颖、故事性强、情节完整。',
      host: '陕西省总工会',
      platforms: [
        { kind: 'website', name: '陕西省总工会官方网站', address: 'http://www.shxgh.org' },
        { kind: 'wechat', name: '陕西工会' },
      ],
      contacts: ['冯曦'],
      spec: { mediaKinds: ['video'] },
      // No quotaColumn: 附件1 has no 微电影 column.
    },
    {
      campaign: 'linfen-2020',
      name: '网络正能量歌曲征集',
      kind: 'song',
      description:
        '征集歌颂祖国、歌颂党的网络歌曲，激发广大职工群众爱国主义情感，唱响礼赞新中国、弘扬时代主旋律；征集“劳动者之歌”，展示劳动者的风采，歌颂广大职工群众在劳动中创造美丽、在劳动中实现价值、在劳动中成就梦想；征集抗疫歌曲，展现中国人民团结一心、同舟共济的精神风貌。',
      host: '中国金融工会',
      platforms: [{ kind: 'wechat', name: '金融工运' }],
      contacts: ['曹文星'],
      quotaColumn: '歌曲',
    },
    {
      campaign: 'linfen-2020',
      name: '网络正能量微课征集',
      kind: 'micro-lesson',
      description:
        '征集劳模工匠、技师技工等讲解生产一线实际难题和工作法经验总结等微课视频，展示广大产业工人利用网络提升技能、分享知识，懂技术、会创新的风采。',
      host: '中国工人出版社',
      platforms: [
        { kind: 'website', name: '全国工会电子职工书屋网站', address: 'http://www.dzzgsw.com' },
      ],
      contacts: ['秦笑语'],
      spec: { mediaKinds: ['video'] },
      quotaColumn: '微课视频',
    },

    // 002: 三(三) 网上文化创意活动 and 四(二) 报送作品格式要求
    {
      campaign: 'shanghai-2017',
      name: '“最美公益广告”设计征集',
      kind: 'public-service-ad',
      description:
        '开展“最美公益广告”设计征集活动，面向广大职工征集平面、视频优秀公益广告作品和创意文案（脚本），内容须反映中国好网民、网络文明、网络正能量的主题要求。',
      host: '上海市总工会',
      contacts: ['陆焯'],
    },
    {
      campaign: 'shanghai-2017',
      name: '“最美劳动者”微电影、微视频征集',
      kind: 'micro-video',
      description:
        '开展“最美劳动者”微电影、微视频征集活动，开展职工微电影、微视频大赛，拍摄对象主要为身边的劳动模范、上海工匠、技术能手等，引导职工学习和争当先进，建功“十三五”。',
      host: '上海市总工会',
      contacts: ['陆焯'],
      spec: {
        mediaKinds: ['video'],
        minDurationSeconds: 180,
        maxDurationSeconds: 300,
        notes: '视频时间3—5分钟',
      },
    },
    {
      campaign: 'shanghai-2017',
      name: '“最美画面故事”征集',
      kind: 'picture-story',
      description:
        '开展“最美画面故事”征集活动，通过申工社微信和 App 征集画面故事，让网友以一张或一系列的图片并配以文字说明来表现劳动者风采。',
      host: '上海市总工会',
      platforms: [
        { kind: 'wechat', name: '申工社' },
        { kind: 'app', name: '申工社 App' },
      ],
      contacts: ['陆焯'],
      spec: { authenticityRequired: true, notes: '须是真人真事，符合时代精神' },
    },
    {
      campaign: 'shanghai-2017',
      name: '“最美书评”微书评',
      kind: 'book-review',
      description:
        '开展“最美书评”微书评、“最美书声”微诵读、“最美书法”中外读书格言以及“网络好职工”读书征文等“阅读十”系列活动，结合申工社 App 书刊亭、“职工电子书屋”建设，组织荐书、评书、诵读、书法及读后感征集活动，推进悦读修身、全民阅读。',
      host: '上海市总工会',
      contacts: ['陆焯'],
    },
    {
      campaign: 'shanghai-2017',
      name: '“最美书声”微诵读',
      kind: 'recitation',
      description:
        '开展“最美书评”微书评、“最美书声”微诵读、“最美书法”中外读书格言以及“网络好职工”读书征文等“阅读十”系列活动，结合申工社 App 书刊亭、“职工电子书屋”建设，组织荐书、评书、诵读、书法及读后感征集活动，推进悦读修身、全民阅读。',
      host: '上海市总工会',
      contacts: ['陆焯'],
    },
    {
      campaign: 'shanghai-2017',
      name: '“最美书法”中外读书格言',
      kind: 'calligraphy',
      description:
        '开展“最美书评”微书评、“最美书声”微诵读、“最美书法”中外读书格言以及“网络好职工”读书征文等“阅读十”系列活动，结合申工社 App 书刊亭、“职工电子书屋”建设，组织荐书、评书、诵读、书法及读后感征集活动，推进悦读修身、全民阅读。',
      host: '上海市总工会',
      contacts: ['陆焯'],
    },
    {
      campaign: 'shanghai-2017',
      name: '“网络好职工”读书征文',
      kind: 'essay',
      description:
        '开展“最美书评”微书评、“最美书声”微诵读、“最美书法”中外读书格言以及“网络好职工”读书征文等“阅读十”系列活动，结合申工社 App 书刊亭、“职工电子书屋”建设，组织荐书、评书、诵读、书法及读后感征集活动，推进悦读修身、全民阅读。',
      host: '上海市总工会',
      contacts: ['陆焯'],
      spec: {
        mediaKinds: ['text'],
        minTextLength: 300,
        maxTextLength: 800,
        notes: '字数控制在300—800字以内',
      },
    },
    {
      campaign: 'shanghai-2017',
      name: '最“In网言网语”征集',
      kind: 'slogan',
      description:
        '开展最“In 网言网语”征集活动，收集网友创意解读网络安全、网络文明、网络诚信、网络防护等方面的标语、寓言、警句、图文创意等多种形式的“网言网语”，展现上海工会网络文化建设的阶段性成效。',
      host: '上海市总工会',
      contacts: ['陆焯'],
      spec: { mediaKinds: ['text'], maxTextLength: 30, notes: '网言网语：30字以内' },
    },
  ],

  notices: [
    // 000: the national notice (no issue date printed)
    {
      documentNumber: '国信办通字〔2016〕2号',
      title: '关于开展“中国梦·大国工匠篇”大型主题宣传活动的通知',
      issuers: ['国家互联网信息办公室', '中华全国总工会'],
      recipients: '各省、自治区、直辖市网信办、总工会，中央重点新闻网站',
      campaign: 'national-2016-craftsmen',
      bodyFile: 'national-2016-craftsmen.txt',
      isPublished: true,
    },

    // 000: Sichuan's forward (no issue date printed)
    {
      documentNumber: '川信办发文〔2016〕11号',
      title:
        '关于转发国家互联网信息办公室、中华全国总工会《关于开展“中国梦·大国工匠篇”大型主题宣传活动的通知》的通知',
      issuers: ['四川省互联网信息办公室', '四川省总工会'],
      recipients: '各市（州）网信办、总工会，省直新闻网站',
      campaign: 'national-2016-craftsmen',
      bodyFile: 'sichuan-2016-forward.txt',
      contacts: ['龙旭辉', '童鑫'],
      forwards: '国信办通字〔2016〕2号',
      forwardingText:
        '现将国家互联网信息办公室、中华全国总工会《关于开展“中国梦·大国工匠篇”大型主题宣传活动的通知》转发给你们，请你们认真组织学习，掌握文件精神和要求，按照要求做好宣传报道和推荐工作。同时，积极向省网信办和省总工会报送基层一线优秀技术工人典型，我们将择优向国家网信办和全国总工会推荐报道。',
      isPublished: true,
    },

    // 001: Linfen 2020
    {
      documentNumber: '临工办发〔2020〕8号',
      title: '关于持续深入开展2020年“网聚职工正能量 争做中国好网民”主题活动的通知',
      issuers: ['临汾市总工会', '临汾市委网络安全和信息化委员会办公室'],
      issueDate: '2020-06-12',
      recipients: '各县(市、区)总工会、各县(市、区)委网信办,市直各基层工会',
      campaign: 'linfen-2020',
      bodyFile: 'linfen-2020.txt',
      attachments: [
        {
          title:
            '附件1 2020年以“展示战疫风采·争做中国好网民”为主题走进企业开展线下活动及“好网民 正能量”示范性系列征集活动任务分解表',
          table: linfenQuotaTable,
        },
        { title: '附件2 各子活动项目的主要内容及参与平台' },
      ],
      contacts: ['赵起越', '王锐'],
      isPublished: true,
    },

    // 002: Shanghai 2017
    {
      documentNumber: '沪工总宣〔2017〕152号',
      title: '关于联合开展“网聚职工正能量 争做中国好网民”主题活动的实施意见',
      issuers: ['上海市总工会', '上海市互联网信息办公室'],
      issueDate: '2017-04-28',
      recipients: '各区局（产业）工会，市总机关各部室、各直管单位',
      campaign: 'shanghai-2017',
      bodyFile: 'shanghai-2017.txt',
      contacts: ['陆焯', '洪梅'],
      isPublished: true,
    },

    // 004: Beijing 2015 (no 文号, no campaign)
    {
      title: '北京市总工会印发《关于进一步加强网络宣传工作的实施方案》的通知',
      issuers: ['北京市总工会'],
      issueDate: '2015-01-09',
      recipients:
        '各区、县总工会，北京经济技术开发区总工会，各产业工会，各局工会，各集团、公司工会，各高等院校工会,各直属基层工会，市总各部门、各直属单位',
      bodyFile: 'beijing-2015.txt',
      isPublished: true,
    },
  ],

  partnerSites: [
    // 000: 参与单位 — central key news sites (each opens a column on PC and 两微一端)
    ...centralNewsSites.map((name): SeedPartnerSite => ({
      name,
      kind: 'central-news-site',
      organizer: name,
      channels: allChannels,
    })),
    {
      name: introClipMaker,
      kind: 'central-news-site',
      organizer: introClipMaker,
      channels: allChannels,
    },
    // 000: 参与单位 — commercial sites
    ...commercialSites.map((name): SeedPartnerSite => ({
      name,
      kind: 'commercial-site',
      organizer: name,
      channels: allChannels,
    })),

    // 001: 附件2 — union websites with the addresses printed
    {
      name: '河北职工服务网',
      kind: 'union-site',
      organizer: '河北省总工会',
      channels: ['pc'],
      website: 'http://www.hebzgfw.cn',
    },
    {
      name: '浙江网上职工之家',
      kind: 'union-site',
      organizer: '浙江省总工会',
      channels: ['pc'],
      website: 'http://www.zjftu.org',
    },
    {
      name: '安徽省总工会官网',
      kind: 'union-site',
      organizer: '安徽省总工会',
      channels: ['pc'],
      website: 'https://www.ahghw.org',
    },
    {
      name: '安徽职工服务网',
      kind: 'union-site',
      organizer: '安徽省总工会',
      channels: ['pc'],
      website: 'http://zgfw.ahghw.org',
    },
    {
      name: '厦门市总工会官网',
      kind: 'union-site',
      organizer: '厦门市总工会',
      channels: ['pc'],
      website: 'http://www.xmzgh.org',
    },
    {
      name: '陕西省总工会官方网站',
      kind: 'union-site',
      organizer: '陕西省总工会',
      channels: ['pc'],
      website: 'http://www.shxgh.org',
    },
    {
      name: '全国工会电子职工书屋',
      kind: 'union-site',
      organizer: '中国工人出版社',
      channels: ['pc'],
      website: 'http://www.dzzgsw.com',
    },

    // 001: 附件2 — union WeChat accounts
    { name: '津工E家', kind: 'union-new-media', organizer: '天津市总工会', channels: ['wechat'] },
    { name: '冀工之家', kind: 'union-new-media', organizer: '河北省总工会', channels: ['wechat'] },
    { name: '浙工之家', kind: 'union-new-media', organizer: '浙江省总工会', channels: ['wechat'] },
    { name: '陕西工会', kind: 'union-new-media', organizer: '陕西省总工会', channels: ['wechat'] },
    { name: '金融工运', kind: 'union-new-media', organizer: '中国金融工会', channels: ['wechat'] },

    // 002: 三(一)(二)(三) — "申工社 App", "申工社微信"
    {
      name: '申工社',
      kind: 'union-new-media',
      organizer: '上海市总工会',
      channels: ['wechat', 'app'],
    },

    // 004: 二(三)3 and 二(四)2 — Beijing union sites named without addresses
    { name: '京工网', kind: 'union-site', organizer: '北京市总工会', channels: ['pc'] },
    { name: '12351职工服务网', kind: 'union-site', organizer: '北京市总工会', channels: ['pc'] },
    {
      name: '乐工网-首都职工文化体育在线',
      kind: 'union-site',
      organizer: '北京市总工会',
      channels: ['pc'],
    },
  ],

  quotaTables: [
    { campaign: 'linfen-2020', source: '临工办发〔2020〕8号 附件1', table: linfenQuotaTable },
  ],

  // 000: 五(一)二 统一开辟专栏和互动窗口 — "所有参与单位须在PC端及两微一端设立专栏，及时汇总相关报道
  // …开设互动窗口，引导和发动网民跟贴评论、提供原创图文" — 中华全国总工会's own column, on PC and app.
  columns: [
    {
      title: '中华全国总工会·“中国梦·大国工匠篇”专栏',
      campaign: 'national-2016-craftsmen',
      unit: '中华全国总工会',
      channels: ['pc', 'app'],
      intro:
        '依托全国各级工会，深入企业、班组，选取基层一线优秀技术工人作为宣传报道重点，以点带面，诠释和弘扬工人阶级伟大品格和劳模精神、劳动精神，让工匠精神更加深入人心。',
      sections: [
        { kind: 'pinned', title: '活动通知', notices: ['国信办通字〔2016〕2号'] },
        { kind: 'notices', title: '最新通知', limit: 5 },
        { kind: 'works', title: '精品视频', limit: 10, selectedOnly: true, mediaKind: 'video' },
        { kind: 'craftsmen', title: '大国工匠', limit: 10 },
        { kind: 'works', title: '作品展示', limit: 20 },
      ],
    },
  ],

  // A few words of the national base list, and netizens' comments in the column's window: one
  // shown, two waiting for 中华全国总工会's moderators (one held by a word).
  sensitiveWords: [
    { word: '赌博', action: 'block' },
    { word: '代开发票', action: 'hold' },
    { word: '刷票', action: 'hold' },
    { word: '傻瓜', action: 'replace' },
  ],
  interactions: [
    {
      column: '“中国梦·大国工匠篇”专栏',
      channel: 'pc',
      body: '向坚守一线的大国工匠致敬！精益求精的工匠精神值得我们每个人学习。',
      authorName: '成都网友',
      state: 'approved',
    },
    {
      column: '“中国梦·大国工匠篇”专栏',
      channel: 'pc',
      body: '我们车间的老师傅三十年如一日钻研焊接，也是身边的工匠。',
      authorName: '绵阳职工',
      state: 'pending',
    },
    {
      column: '“中国梦·大国工匠篇”专栏',
      channel: 'pc',
      body: '投票太慢了，有没有刷票的办法？',
      state: 'pending',
      hitWords: '刷票',
    },
  ],
}
