import { describe, expect, it } from 'vitest'

import { ninjsValidator } from './jsonSchema'

const { ninjs } = ninjsValidator()

const headline = [{ role: 'main', value: 'Dell Redefines Workstation Computing Boundaries' }]

/** Cases from IPTC's own test suite (iptc/newsinjson validation/test_suite/2.1 and 2.2), shortened. */
describe('IPTC’s ninjs 2.2 schema (from ../shared/schemas) as the tests check pushes against it', () => {
  it.each([
    [
      '004_headlines',
      {
        standard: {
          name: 'ninjs',
          version: '2.1',
          schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json',
        },
        uri: 'urn:004-headlines-test',
        headlines: [
          { role: 'main', value: 'Test of headline property' },
          { role: 'richtext', contenttype: 'text/html', value: '<h1>HTML</h1>' },
        ],
      },
    ],
    [
      '012_subject_confidence_relevance',
      {
        uri: 'http://tt.se/media/text/210526',
        type: 'text',
        representationtype: 'full',
        subjects: [
          {
            literal: '16000000',
            name: 'Krig',
            uri: 'http://tt.se/spec/subref/1.0/16000000',
            rel: 'classifies',
            creator: 'system',
            relevance: 98,
            confidence: 58,
          },
        ],
      },
    ],
    [
      'an association with name and uri',
      {
        uri: 'urn:a',
        associations: [
          {
            name: 'logo',
            uri: 'http://mms.example.com/logo.jpg',
            type: 'graphic',
            renditions: [
              {
                name: 'r00',
                href: 'https://example.com/a.jpg',
                contenttype: 'image/jpeg',
                width: 4724,
              },
            ],
          },
        ],
      },
    ],
  ])('passes should_pass %s', (_, item) => {
    expect(ninjs(item)).toEqual([])
  })

  it.each([
    [
      '001_bad_association (an unknown property in an association)',
      {
        uri: 'urn:x',
        version: '1',
        headlines: headline,
        associations: [
          {
            uri: 'http://mms.example.com/a.jpg',
            name: 'a',
            incorrectproperty: 'this should fail',
            type: 'graphic',
          },
        ],
      },
    ],
    [
      '002_good_association_but_no_name',
      {
        uri: 'urn:x',
        headlines: headline,
        associations: [{ uri: 'http://mms.example.com/a.jpg' }],
      },
    ],
    [
      '003_good_association_but_no_uri',
      { uri: 'urn:x', headlines: headline, associations: [{ name: 'Company logo' }] },
    ],
    [
      '004_bad_rights (linked and encoded rights both)',
      {
        uri: 'http://test.tt.se/1',
        rightsinfo: {
          langid: 'http://w3.org/ns/odrl/2/',
          linkedrights: 'http://tt.se/rights',
          encodedrights: '{}',
        },
      },
    ],
    ['2.2 001_bad_digital_source', { uri: 'urn:001', digitalsourcetype: 'bad' }],
    ['a 1.x headline', { uri: 'urn:x', headline: 'old style' }],
    ['a 1.x body_html', { uri: 'urn:x', body_html: '<p>old style</p>' }],
    [
      'renditions as a 1.x object',
      { uri: 'urn:x', renditions: { original: { href: 'https://example.com/a.jpg' } } },
    ],
    ['no uri', { headlines: headline }],
    ['a pubstatus ninjs does not know', { uri: 'urn:x', pubstatus: 'cancelled' }],
    ['a versioncreated that is no date-time', { uri: 'urn:x', versioncreated: '2026年11月20日' }],
    ['a subject uri that is no URI', { uri: 'urn:x', subjects: [{ name: 'x', uri: 'not a uri' }] }],
    ['a relevance over 100', { uri: 'urn:x', subjects: [{ name: 'x', relevance: 101 }] }],
  ])('refuses should_fail %s', (_, item) => {
    expect(ninjs(item).length).toBeGreaterThan(0)
  })
})

describe('our extension', () => {
  const { extended } = ninjsValidator()

  it('is ninjs 2.2 plus x_wangju: a property ninjs does not define is refused outside x_wangju', () => {
    expect(extended({ uri: 'urn:x', headline: 'old style' }).length).toBeGreaterThan(0)
  })
})
