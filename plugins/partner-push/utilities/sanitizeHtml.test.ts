import { describe, expect, it } from 'vitest'

import { safeHref, sanitizeHtml } from './sanitizeHtml'

describe('sanitizeHtml', () => {
  it.each([
    ['script elements and their code', '<p>前<script>alert(1)</script>后</p>', '<p>前后</p>'],
    ['an unclosed script', '<p>正文</p><script>alert(1)', '<p>正文</p>'],
    ['a script with an uppercase, spaced close tag', '<SCRIPT>alert(1)</SCRIPT >ok', 'ok'],
    ['style elements', '<style>body{display:none}</style><p>x</p>', '<p>x</p>'],
    ['iframes', '<iframe src="https://evil.example/"></iframe><p>x</p>', '<p>x</p>'],
    ['svg with an onload', '<svg onload="alert(1)"><script>alert(1)</script></svg>x', 'x'],
    ['math elements', '<math><mi xlink:href="javascript:alert(1)">x</mi></math>y', 'y'],
    ['img with onerror', '<img src=x onerror="alert(1)">图', '图'],
    ['event handler attributes', '<p onclick="alert(1)" style="color:red" class="x">段落</p>', '<p>段落</p>'],
    ['javascript: hrefs', '<a href="javascript:alert(1)">点我</a>', '点我'],
    ['javascript: hrefs in capitals with spaces', '<a href="  JaVaScRiPt:alert(1)">点我</a>', '点我'],
    ['javascript: hrefs split by a tab', '<a href="java\tscript:alert(1)">点我</a>', '点我'],
    ['javascript: hrefs with entity-encoded letters', '<a href="&#106;avascript:alert(1)">点我</a>', '点我'],
    ['javascript: hrefs with hex entities and no semicolons', '<a href="&#x6a&#x61vascript:alert(1)">点我</a>', '点我'],
    ['javascript: hrefs with an encoded colon', '<a href="javascript&colon;alert(1)">点我</a>', '点我'],
    ['data: hrefs', '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', 'x'],
    ['vbscript: hrefs', "<a href='vbscript:msgbox(1)'>x</a>", 'x'],
    ['relative hrefs', '<a href="/admin">x</a>', 'x'],
    ['protocol-relative hrefs', '<a href="//evil.example/">x</a>', 'x'],
    ['links without href', '<a name="top">x</a>', 'x'],
    ['target and other link attributes', '<a href="https://a.example/" target="_blank" onmouseover="x()">x</a>', '<a href="https://a.example/" rel="noopener">x</a>'],
    ['attribute break-outs', '<a href="https://a.example/&quot;onmouseover=&quot;alert(1)">x</a>', '<a href="https://a.example/%22onmouseover=%22alert(1)" rel="noopener">x</a>'],
    ['comments, including conditional ones', '<!--[if IE]><script>alert(1)</script><![endif]-->ok', 'ok'],
    ['doctype and processing instructions', '<!DOCTYPE html><?xml version="1.0"?>ok', 'ok'],
    ['CDATA sections', '<![CDATA[<script>alert(1)</script>]]>ok', 'ok'],
    ['a tag hidden inside another', '<scr<script>ipt>alert(1)</script>', '&lt;scr'],
    // As in browsers, `<b` is an attribute name here, so the link (with a relative href) swallows it.
    ['a broken tag', '<a href="x" <b>bold</b>', 'bold'],
    ['a lone less-than sign', '1 < 2 && 3 > 2', '1 &lt; 2 &amp;&amp; 3 &gt; 2'],
    ['encoded markup in text', '&lt;script&gt;alert(1)&lt;/script&gt;', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['null characters', '<scr\0ipt>alert(1)</script>', ''],
    ['prototype names as entities', '&toString;&constructor;', '&amp;toString;&amp;constructor;'],
    ['forms and inputs', '<form action="https://evil.example/"><input name="p"><button>提交</button></form>', '提交'],
    ['meta refresh and base', '<meta http-equiv="refresh" content="0;url=https://evil.example/"><base href="https://evil.example/">ok', 'ok'],
  ])('removes %s', (_label, input, output) => {
    expect(sanitizeHtml(input)).toBe(output)
  })

  it.each([
    ['the allowed structure', '<h2>一、总体要求</h2><h3>（一）活动主题</h3><p>正文<br/>第二行</p><ul><li>甲</li></ul><ol><li>乙</li></ol><blockquote>引文</blockquote>'],
    ['bold, italic and a safe link', '<p><strong>粗</strong><em>斜</em><a href="https://www.acftu.org/" rel="noopener">全总</a></p>'],
  ])('keeps %s', (_label, input) => {
    expect(sanitizeHtml(input)).toBe(input.replace('<br/>', '<br>'))
  })

  it.each([
    ['b and i become strong and em', '<b>粗</b><i>斜</i>', '<strong>粗</strong><em>斜</em>'],
    ['unknown wrappers are unwrapped', '<div><span style="x">文字</span></div>', '文字'],
    ['unclosed elements are closed', '<p><strong>未闭合', '<p><strong>未闭合</strong></p>'],
    ['stray end tags are dropped', '</p>文字</li>', '文字'],
    ['misnested tags are closed in order', '<p><em>a</p>b</em>', '<p><em>a</em></p>b'],
    ['nested links keep only the outer one', '<a href="https://a.example/">x<a href="https://b.example/">y</a>z</a>', '<a href="https://a.example/" rel="noopener">xy</a>z'],
    ['entities are decoded and re-escaped once', '<p>&amp;&nbsp;&ldquo;工匠&rdquo;&#x4E2D;&#22269;&bogus;</p>', '<p>&amp;\u00a0“工匠”中国&amp;bogus;</p>'],
    ['hrefs are normalised', '<a href="HTTPS://Example.ORG/路径?q=1">x</a>', '<a href="https://example.org/%E8%B7%AF%E5%BE%84?q=1" rel="noopener">x</a>'],
  ])('normalises: %s', (_label, input, output) => {
    expect(sanitizeHtml(input)).toBe(output)
  })

  // The former start- and end-tag patterns were tried again from every `<` and read to the end of
  // the page each time: minutes for these. The timeout is the bound; no test measures time.
  const times = 64 * 1024
  it.each([
    ['end tags that never close', '</a'.repeat(times), '&lt;/a'.repeat(times)],
    ['start tags that never close', '<a x'.repeat(times), '&lt;a x'.repeat(times)],
    ['attribute names holding `<`, closed only at the end', `<a${' x<a'.repeat(times)}/ >`, `&lt;a${' x&lt;a'.repeat(times)}/ &gt;`],
    ['a quoted value that never closes', `<a x="${'<a '.repeat(times)}`, `&lt;a x=&quot;${'&lt;a '.repeat(times)}`],
  ])(
    'answers on 64 K %s, as text',
    (_label, input, output) => {
      const result = sanitizeHtml(input)
      expect({ length: result.length, head: result.slice(0, 40), isWhole: result === output }).toEqual({ length: output.length, head: output.slice(0, 40), isWhole: true })
    },
    10_000,
  )
})

describe('safeHref', () => {
  it.each([
    ['https://example.org/a', 'https://example.org/a'],
    ['http://example.org', 'http://example.org/'],
    [' https://example.org/ ', 'https://example.org/'],
    ['javascript:alert(1)', null],
    ['mailto:a@example.org', null],
    ['ftp://example.org/', null],
    ['/relative', null],
    ['', null],
    [undefined, null],
  ])('%s → %s', (input, output) => {
    expect(safeHref(input)).toBe(output)
  })
})
