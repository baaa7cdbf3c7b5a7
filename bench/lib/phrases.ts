/**
 * Word lists for realistic campaign data: places and unions, works' titles and texts in the
 * register of the campaigns' source notices and of the works they collected. No lorem ipsum.
 */

/** A small seeded PRNG (mulberry32), so every run generates the same data. */
export const randomFrom = (seed: number) => {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
  }
}
export type Random = ReturnType<typeof randomFrom>

/** Four provinces, each with its cities and four counties or districts per city: 4 + 9 + 36 units. */
export const provinces = [
  {
    name: '山西省',
    short: '晋',
    cities: [
      { name: '临汾市', counties: ['尧都区', '曲沃县', '翼城县', '襄汾县'] },
      { name: '太原市', counties: ['小店区', '迎泽区', '杏花岭区', '清徐县'] },
      { name: '大同市', counties: ['平城区', '云冈区', '阳高县', '天镇县'] },
    ],
  },
  {
    name: '四川省',
    short: '川',
    cities: [
      { name: '成都市', counties: ['锦江区', '青羊区', '金牛区', '武侯区'] },
      { name: '绵阳市', counties: ['涪城区', '游仙区', '江油市', '三台县'] },
    ],
  },
  {
    name: '广东省',
    short: '粤',
    cities: [
      { name: '广州市', counties: ['越秀区', '海珠区', '天河区', '白云区'] },
      { name: '深圳市', counties: ['福田区', '罗湖区', '南山区', '宝安区'] },
    ],
  },
  {
    name: '浙江省',
    short: '浙',
    cities: [
      { name: '杭州市', counties: ['上城区', '西湖区', '滨江区', '萧山区'] },
      { name: '宁波市', counties: ['海曙区', '江北区', '北仑区', '鄞州区'] },
    ],
  },
] as const

export const campaignThemes = [
  { name: '“网聚职工正能量 争做中国好网民”主题活动', label: '网聚职工正能量' },
  { name: '“中国梦·大国工匠篇”网络宣传活动', label: '中国梦·大国工匠篇' },
  { name: '“劳动创造幸福 奋斗成就梦想”网络主题宣传活动', label: '劳动创造幸福' },
  { name: '“弘扬劳模精神 争做时代工匠”网上主题活动', label: '弘扬劳模精神' },
] as const

/** Sub-project templates: kind, name and (for text works) the 字数 the call asks for. */
export const subProjectTemplates = [
  { kind: 'essay', name: '“我的中国梦·劳动美”职工征文', text: [200, 800] },
  { kind: 'micro-video', name: '网络正能量微视频征集', video: true },
  { kind: 'photography', name: '“最美劳动者”摄影作品征集' },
  { kind: 'book-review', name: '“职工书屋”读书征文和书评', text: [200, 800] },
  { kind: 'picture-story', name: '“身边的大国工匠”画面故事征集' },
  { kind: 'micro-film', name: '网络正能量微电影征集', video: true },
  { kind: 'recitation', name: '“劳动最光荣”诵读作品征集' },
] as const

const centralSites = [
  '人民网',
  '新华网',
  '中国网',
  '央视网',
  '光明网',
  '中国经济网',
  '中国青年网',
  '中国日报网',
  '中国新闻网',
  '国际在线',
  '中国台湾网',
  '中国西藏网',
  '央广网',
  '求是网',
  '环球网',
]
const commercialSites = [
  '新浪网',
  '腾讯网',
  '搜狐网',
  '网易',
  '凤凰网',
  '今日头条',
  '百度百家号',
  '东方网',
  '澎湃新闻',
  '中华网',
]
const allProvinceNames = [
  '北京',
  '天津',
  '河北',
  '山西',
  '内蒙古',
  '辽宁',
  '吉林',
  '黑龙江',
  '上海',
  '江苏',
  '浙江',
  '安徽',
  '福建',
  '江西',
  '山东',
  '河南',
  '湖北',
  '湖南',
  '广东',
  '广西',
  '海南',
  '重庆',
  '四川',
  '贵州',
  '云南',
  '西藏',
  '陕西',
  '甘肃',
  '青海',
  '宁夏',
  '新疆',
]
const unionSiteSuffixes = [
  { suffix: '工人网', kind: 'union-site' },
  { suffix: '职工之家网', kind: 'union-site' },
  { suffix: '工会微信公众号', kind: 'union-new-media' },
  { suffix: '工会官方微博', kind: 'union-new-media' },
  { suffix: '职工服务客户端', kind: 'union-new-media' },
  { suffix: '劳动报网', kind: 'union-site' },
] as const

/** `count` distinct partner sites: the central news sites, commercial sites, then unions' own. */
export const partnerSiteNames = (count: number): { name: string; kind: string }[] => {
  const sites: { name: string; kind: string }[] = [
    ...centralSites.map((name) => ({ name, kind: 'central-news-site' })),
    ...commercialSites.map((name) => ({ name, kind: 'commercial-site' })),
  ]
  for (const { suffix, kind } of unionSiteSuffixes) {
    for (const province of allProvinceNames) {
      sites.push({ name: `${province}${suffix}`, kind })
    }
  }
  if (sites.length < count) {
    throw new Error(`only ${sites.length} partner site names`)
  }
  return sites.slice(0, count)
}

const surnames =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
const givenChars =
  '建国华明丽军伟芳秀英敏静强磊洋艳勇杰娟涛超霞平刚桂兰玉红海燕志鹏飞宇晨浩然思雨欣怡子轩梓涵春梅晓东立新卫东振华德福'

export const personName = (rng: Random): string =>
  rng.pick([...surnames]) +
  (rng.next() < 0.4
    ? rng.pick([...givenChars])
    : rng.pick([...givenChars]) + rng.pick([...givenChars]))

export const trades = [
  '焊工',
  '电工',
  '钳工',
  '车工',
  '高铁检修工',
  '煤矿安全员',
  '环卫工人',
  '快递员',
  '纺织女工',
  '码头吊车司机',
  '数控铣工',
  '护士',
  '乡村教师',
  '公交司机',
  '电力巡线工',
  '桥梁架设工',
  '钢铁炉前工',
  '列车乘务员',
  '养路工',
  '农民工',
]
const workplaces = [
  '车间',
  '工地',
  '矿井',
  '站台',
  '病房',
  '社区',
  '码头',
  '生产线',
  '调度室',
  '检修库',
  '田间地头',
  '变电站',
]
const virtues = ['匠心', '坚守', '担当', '奉献', '创新', '传承', '初心', '奋斗', '正能量', '温暖']
const titleTemplates: ((r: Random, place: string) => string)[] = [
  (r) => `${r.pick(workplaces)}里的${r.pick(virtues)}`,
  (r, place) =>
    `${place}${r.pick(trades)}${personName(r)}：${r.pick(virtues)}写在${r.pick(workplaces)}`,
  (r) => `我和我的${r.pick(trades)}师傅`,
  (r) => `“${r.pick(virtues)}”——记${r.pick(trades)}${personName(r)}`,
  (r, place) => `${place}：一名${r.pick(trades)}的${r.int(10, 35)}年`,
  (r) => `${r.pick(['致敬', '点赞', '礼赞'])}最美${r.pick(trades)}`,
  (r) => `在${r.pick(workplaces)}读懂${r.pick(virtues)}`,
  (r) => `大国工匠的${r.pick(['一天', '双手', '坚持', '课堂', '传承'])}`,
  (r) =>
    `${r.pick(['平凡岗位', '普通劳动者', '一线职工'])}的${r.pick(['中国梦', '不平凡', '光荣与梦想'])}`,
]

export const entryTitle = (rng: Random, place: string): string =>
  rng.pick(titleTemplates)(rng, place)

const openings = [
  '清晨六点，天还没有完全亮，{p}的{t}{n}已经来到了{w}。',
  '在{p}，说起{t}{n}，同事们都会竖起大拇指。',
  '二十多年来，{n}一直坚守在{w}，从一名普通{t}成长为远近闻名的技术能手。',
  '“干一行，爱一行，钻一行。”这是{t}{n}常挂在嘴边的一句话。',
]
const middles = [
  '面对设备老化、任务繁重的难题，他没有退缩，而是带领班组反复试验，总结出一套行之有效的操作方法。',
  '为了攻克一道技术难关，她连续几个星期泡在{w}，笔记本记了厚厚三大本。',
  '每当新同事入职，{n}总是手把手地教，把自己多年积累的经验毫无保留地传授给年轻人。',
  '疫情防控期间，他主动请缨，连续奋战在一线，用实际行动诠释了共产党员的责任与担当。',
  '在工会的支持下，“{n}劳模创新工作室”成立了，几年来完成技术革新十余项，为企业节约成本数百万元。',
  '网上有人说，一线工人的工作枯燥乏味，可在{n}看来，每一道工序都藏着学问。',
  '她常说，安全无小事，每一次巡检都要做到眼到、手到、心到。',
  '从“跟着干”到“带着干”，从“学技术”到“搞创新”，{n}走出了一条技能成才之路。',
  '工友们记得，那年冬天零下二十多度，他在{w}连续守了三个通宵，确保了生产任务按期完成。',
  '职工书屋里的一本本专业书籍，陪伴她度过了无数个夜晚，也让她在全省职业技能大赛中脱颖而出。',
  '作为网评员，他还利用业余时间在网上讲述身边职工的故事，传播正能量，弘扬主旋律。',
  '平凡的岗位同样可以成就不平凡的人生，这是{n}用二十年时间写下的答案。',
]
const closings = [
  '劳动最光荣，劳动最崇高，劳动最伟大，劳动最美丽。',
  '这就是新时代产业工人的模样，这就是我们身边的大国工匠。',
  '让我们向每一位默默奉献的劳动者致敬，争做中国好网民，共同汇聚网上正能量。',
  '中国梦，劳动美。{n}的故事还在继续，千千万万个“{n}”正在各自的岗位上书写着属于自己的精彩。',
]

const fill = (sentence: string, v: { p: string; t: string; n: string; w: string }) =>
  sentence
    .replaceAll('{p}', v.p)
    .replaceAll('{t}', v.t)
    .replaceAll('{n}', v.n)
    .replaceAll('{w}', v.w)

/** A work's text of `min`–`max` characters: an opening, body sentences, a closing. */
export const entryText = (rng: Random, place: string, { min = 200, max = 600 } = {}): string => {
  const target = rng.int(min, max)
  const v = { p: place, t: rng.pick(trades), n: personName(rng), w: rng.pick(workplaces) }
  const closing = fill(rng.pick(closings), v)
  let text = fill(rng.pick(openings), v)
  while (text.length + closing.length < target) {
    text += fill(rng.pick(middles), v)
  }
  text += closing
  // Trim at a full stop within the limit, so the text still reads as prose.
  while (text.length > max) {
    const cut = text.lastIndexOf('。', text.length - 2)
    text = cut > 0 ? text.slice(0, cut + 1) : text.slice(0, max)
  }
  return text
}

export const entryDescription = (rng: Random): string =>
  `本作品${rng.pick(['以真实人物为原型', '取材于一线生产实际', '记录了身边劳动者的故事'])}，${rng.pick(['展现了新时代职工的精神风貌', '弘扬劳模精神、劳动精神、工匠精神', '传递网上正能量'])}。`
