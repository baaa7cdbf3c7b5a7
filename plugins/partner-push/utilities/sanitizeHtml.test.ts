import { describe, expect, it } from 'vitest'

import { escapeText, safeHref } from './sanitizeHtml'

describe('escapeText', () => {
  it.each([
    ['markup', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['both quotes, for attribute values', `"x" 'y'`, '&quot;x&quot; &#39;y&#39;'],
    ['ampersands, even in entity-looking text', '&amp; &lt;', '&amp;amp; &amp;lt;'],
  ])('escapes %s', (_label, input, output) => {
    expect(escapeText(input)).toBe(output)
  })
})

describe('safeHref', () => {
  it.each([
    ['https://example.org/a', 'https://example.org/a'],
    ['http://example.org', 'http://example.org/'],
    [' https://example.org/ ', 'https://example.org/'],
    ['HTTPS://Example.ORG/路径?q=1', 'https://example.org/%E8%B7%AF%E5%BE%84?q=1'],
    ['javascript:alert(1)', null],
    ['  JaVaScRiPt:alert(1)', null],
    ['java\tscript:alert(1)', null],
    ['data:text/html;base64,PHNjcmlwdD4=', null],
    ['vbscript:msgbox(1)', null],
    ['mailto:a@example.org', null],
    ['ftp://example.org/', null],
    ['/relative', null],
    ['//evil.example/', null],
    ['', null],
    [undefined, null],
  ])('%s → %s', (input, output) => {
    expect(safeHref(input)).toBe(output)
  })
})
