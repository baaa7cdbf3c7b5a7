import { describe, expect, it } from 'vitest'

import type { NinjsAttribution, NinjsCampaignInput, NinjsEntryInput } from './ninjs'

import { ninjsValidator } from '../tests/jsonSchema'
import { bodyHtmlFromText, toNinjs } from './ninjs'

const campaign: NinjsCampaignInput = {
  id: 3,
  name: '2016年网聚职工正能量 争做中国好网民主题活动',
  year: 2016,
  label: '中国梦·大国工匠篇',
}

const attribution: NinjsAttribution = {
  source: '临汾市总工会',
  originalAuthor: '王师傅',
  originalTitle: '焊花里的青春',
  responsibleEditor: '李编辑',
}

const entry: NinjsEntryInput = {
  id: 42,
  title: '焊花里的青春',
  form: 'graphic',
  authors: [{ name: '王师傅', unit: '临汾钢铁公司' }, { name: '张工' }],
  body: { text: '第一段。\n\n第二段<script>alert(1)</script>' },
  description: '一位焊工的十年。',
  located: '山西临汾',
  createdAt: '2026-04-01T08:00:00.000Z',
  updatedAt: new Date('2026-04-02T09:30:00.000Z'),
  subProject: { id: 7, name: '“大国工匠”图文征集' },
  unit: { id: 12, name: '临汾市总工会' },
}

const sha256 = 'a'.repeat(64)

describe('toNinjs', () => {
  const item = toNinjs({
    entry,
    campaign,
    version: 3,
    pubstatus: 'usable',
    attribution,
    renditions: {
      original: {
        href: 'https://cms.example.org/media/weld.jpg',
        contenttype: 'image/jpeg',
        width: 4000,
        height: 3000,
        sizeinbytes: 2_345_678,
        hash: sha256.toUpperCase(),
      },
      thumbnail: {
        href: 'https://cms.example.org/media/renditions/weld-320.webp',
        contenttype: 'image/webp',
        width: 320,
      },
    },
  })

  it('builds a ninjs 2.2 news item with the campaign label in the headline', () => {
    expect(item).toMatchObject({
      uri: 'urn:wangju:entry:42',
      standard: { name: 'ninjs', version: '2.2', schema: 'urn:wangju:ninjs:2.2:extension' },
      type: 'composite',
      representationtype: 'full',
      version: '3',
      firstcreated: '2026-04-01T08:00:00.000Z',
      versioncreated: '2026-04-02T09:30:00.000Z',
      pubstatus: 'usable',
      language: 'zh',
      headlines: [
        { role: 'main', contenttype: 'text/plain', value: '【中国梦·大国工匠篇】焊花里的青春' },
      ],
      descriptions: [{ role: 'summary', contenttype: 'text/plain', value: '一位焊工的十年。' }],
      by: '王师傅（临汾钢铁公司）、张工',
      located: '山西临汾',
    })
  })

  it('uses no ninjs 1.x names', () => {
    for (const old of [
      'headline',
      'body_html',
      'body_text',
      'description_text',
      'subject',
      'bylines',
    ]) {
      expect(item).not.toHaveProperty(old)
    }
  })

  it('sanitises the body', () => {
    expect(item.bodies).toEqual([
      {
        role: 'main',
        contenttype: 'text/html',
        value: '<p>第一段。</p><p>第二段&lt;script&gt;alert(1)&lt;/script&gt;</p>',
      },
    ])
  })

  it('names the campaign and sub-project as subjects', () => {
    expect(item.subjects).toEqual([
      { name: campaign.name, uri: 'urn:wangju:campaign:3', rel: 'campaign' },
      { name: '“大国工匠”图文征集', uri: 'urn:wangju:sub-project:7', rel: 'sub-project' },
    ])
  })

  it('links renditions by URL with their size, and sends their SHA-256 in the extension', () => {
    expect(item.renditions).toEqual([
      {
        name: 'original',
        href: 'https://cms.example.org/media/weld.jpg',
        contenttype: 'image/jpeg',
        width: 4000,
        height: 3000,
        sizeinbytes: 2_345_678,
      },
      {
        name: 'thumbnail',
        href: 'https://cms.example.org/media/renditions/weld-320.webp',
        contenttype: 'image/webp',
        width: 320,
      },
    ])
    expect(item.x_wangju.sha256).toEqual({ 'https://cms.example.org/media/weld.jpg': sha256 })
  })

  it('carries the campaign, the submitting unit, the authors and the attribution republishers must show in x_wangju', () => {
    expect(item.x_wangju).toMatchObject({
      campaign: {
        id: '3',
        name: campaign.name,
        uri: 'urn:wangju:campaign:3',
        year: 2016,
        label: '中国梦·大国工匠篇',
      },
      subProject: { id: '7', name: '“大国工匠”图文征集', uri: 'urn:wangju:sub-project:7' },
      unit: { id: '12', name: '临汾市总工会', uri: 'urn:wangju:organizer:12' },
      authors: [{ name: '王师傅', unit: '临汾钢铁公司' }, { name: '张工' }],
      attribution,
      attributionText: '来源：临汾市总工会　原作者：王师傅　原标题：焊花里的青春　责任编辑：李编辑',
    })
  })

  it('survives a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(item))).toEqual(item)
  })

  it('does not label a headline twice', () => {
    const labelled = toNinjs({
      entry: { ...entry, title: '【中国梦·大国工匠篇】焊花' },
      campaign,
      version: 1,
      pubstatus: 'usable',
      attribution,
    })
    expect(labelled.headlines[0]!.value).toBe('【中国梦·大国工匠篇】焊花')
  })

  it.each([
    ['graphic', 'composite'],
    ['video', 'video'],
    ['h5', 'composite'],
    ['panorama', 'picture'],
    [null, 'text'],
  ] as const)('types form %s as %s', (form, type) => {
    expect(
      toNinjs({ entry: { ...entry, form }, campaign, version: 1, pubstatus: 'usable', attribution })
        .type,
    ).toBe(type)
  })

  it('sends a takedown without body, description or renditions', () => {
    const canceled = toNinjs({
      entry,
      campaign,
      version: 4,
      pubstatus: 'canceled',
      attribution,
      renditions: {
        original: {
          href: 'https://cms.example.org/media/weld.jpg',
          contenttype: 'image/jpeg',
          hash: sha256,
        },
      },
    })
    expect(canceled).toMatchObject({
      uri: 'urn:wangju:entry:42',
      version: '4',
      pubstatus: 'canceled',
      representationtype: 'partial',
    })
    for (const key of ['bodies', 'descriptions', 'renditions']) {
      expect(canceled).not.toHaveProperty(key)
    }
    expect(canceled.x_wangju).not.toHaveProperty('sha256')
  })

  it.each([
    [
      'an inline data: URL',
      { href: 'data:image/png;base64,iVBORw0KGgo=', contenttype: 'image/png' },
    ],
    ['a javascript: URL', { href: 'javascript:alert(1)', contenttype: 'image/png' }],
    ['a relative URL', { href: '/media/weld.jpg', contenttype: 'image/jpeg' }],
    [
      'a hash that is not SHA-256 hex',
      { href: 'https://cms.example.org/a.jpg', contenttype: 'image/jpeg', hash: 'md5:abc' },
    ],
    [
      'a negative size',
      { href: 'https://cms.example.org/a.jpg', contenttype: 'image/jpeg', sizeinbytes: -1 },
    ],
    [
      'a negative duration',
      { href: 'https://cms.example.org/a.mp4', contenttype: 'video/mp4', duration: -3 },
    ],
  ])('refuses a rendition with %s', (_label, rendition) => {
    expect(() =>
      toNinjs({
        entry,
        campaign,
        version: 1,
        pubstatus: 'usable',
        attribution,
        renditions: { original: rendition },
      }),
    ).toThrow(TypeError)
  })

  it.each(['source', 'originalAuthor', 'originalTitle', 'responsibleEditor'] as const)(
    'refuses to build without attribution.%s',
    (key) => {
      expect(() =>
        toNinjs({
          entry,
          campaign,
          version: 1,
          pubstatus: 'usable',
          attribution: { ...attribution, [key]: ' ' },
        }),
      ).toThrow(key)
    },
  )

  it.each([
    [
      'text with markup, as escaped text',
      { text: '<p onclick="x">正文</p>' },
      [
        {
          role: 'main',
          contenttype: 'text/html',
          value: '<p>&lt;p onclick=&quot;x&quot;&gt;正文&lt;/p&gt;</p>',
        },
      ],
    ],
    ['no body', null, undefined],
    ['a body of nothing but space', { text: ' \n\n ' }, undefined],
  ])('takes the body as %s', (_label, body, bodies) => {
    expect(
      toNinjs({ entry: { ...entry, body }, campaign, version: 1, pubstatus: 'usable', attribution })
        .bodies,
    ).toEqual(bodies)
  })

  describe('against the real schemas (IPTC ninjs 2.2 and our extension)', () => {
    const { ninjs, extended } = ninjsValidator()
    const minimal = toNinjs({
      entry: { id: 1, title: '无署名', authors: [], updatedAt: '2026-04-02T09:30:00Z' },
      campaign: { id: 1, name: '主题活动' },
      version: 1,
      pubstatus: 'usable',
      attribution,
    })

    it.each([
      ['a full work', item],
      ['a takedown', toNinjs({ entry, campaign, version: 4, pubstatus: 'canceled', attribution })],
      ['a work with nothing optional', minimal],
    ])('validates %s', (_, built) => {
      expect(extended(built)).toEqual([])
    })

    it('is plain ninjs 2.2 but for the one extension property', () => {
      const { x_wangju: _extension, ...core } = item
      expect(ninjs(core)).toEqual([])
      expect(ninjs(item).map((error) => error.path)).toEqual(['/x_wangju'])
    })

    it.each([
      [
        'a 1.x headline beside headlines',
        { ...item, headline: '【中国梦·大国工匠篇】焊花里的青春' },
      ],
      [
        'renditions as a 1.x object',
        {
          ...item,
          renditions: {
            original: { href: 'https://cms.example.org/media/weld.jpg', mimetype: 'image/jpeg' },
          },
        },
      ],
      ['an unknown extension field', { ...item, x_wangju: { ...item.x_wangju, note: 'x' } }],
      [
        'an attribution missing the responsible editor',
        {
          ...item,
          x_wangju: {
            ...item.x_wangju,
            attribution: { ...attribution, responsibleEditor: undefined },
          },
        },
      ],
      [
        'a checksum that is not SHA-256',
        {
          ...item,
          x_wangju: {
            ...item.x_wangju,
            sha256: { 'https://cms.example.org/media/weld.jpg': 'md5' },
          },
        },
      ],
      ['no x_wangju', (({ x_wangju: _x, ...rest }) => rest)(item)],
    ])('refuses %s', (_, changed) => {
      expect(extended(JSON.parse(JSON.stringify(changed))).length).toBeGreaterThan(0)
    })
  })
})

describe('bodyHtmlFromText', () => {
  it.each([
    ['paragraphs on blank lines', '第一段\n\n第二段', '<p>第一段</p><p>第二段</p>'],
    [
      'single line breaks, as in poems',
      '床前明月光\n疑是地上霜',
      '<p>床前明月光<br>疑是地上霜</p>',
    ],
    [
      'Windows line ends and ideographic-space blank lines',
      '甲\r\n\u3000\r\n乙',
      '<p>甲</p><p>乙</p>',
    ],
    [
      'markup as text',
      '<script>alert(1)</script> & "引号"',
      '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;引号&quot;</p>',
    ],
    ['entity-looking text literally', '&lt;b&gt;', '<p>&amp;lt;b&amp;gt;</p>'],
    ['single quotes escaped', "工匠's", '<p>工匠&#39;s</p>'],
    ['without NUL characters', '<scr\0ipt>甲\0乙', '<p>&lt;script&gt;甲乙</p>'],
    ['nothing but space', ' \n\n ', ''],
  ])('renders %s', (_label, input, html) => {
    expect(bodyHtmlFromText(input)).toBe(html)
  })
  // The former split pattern was tried from every space of the run: minutes for this. The
  // timeout is the bound; no test measures time.
  it('renders a text with 256 K spaces in one line', () => {
    const spaces = ' '.repeat(256 * 1024)
    expect(bodyHtmlFromText(`甲${spaces}乙\n丙`) === `<p>甲${spaces}乙<br>丙</p>`).toBe(true)
  }, 10_000)
})
