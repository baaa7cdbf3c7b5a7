import { describe, expect, it } from 'vitest'

import { linkUrlProblem } from './safeUrl'

describe('linkUrlProblem', () => {
  it.each([
    ['javascript:alert(1)', 'javascript'],
    ['JaVaScRiPt:alert(1)', 'javascript'],
    ['  javascript:alert(1)', 'javascript'],
    ['java\tscript:alert(1)', 'javascript'],
    ['java\nscript:alert(1)', 'javascript'],
    ['java\u0000script:alert(1)', 'javascript'],
    ['\u0001javascript:alert(1)', 'javascript'],
    ['java script:alert(1)', 'javascript'],
    ['javascript&colon;alert(1)', 'javascript'],
    ['&#106;avascript:alert(1)', 'javascript'],
    ['&#x6A;avascript:alert(1)', 'javascript'],
    ['&#0000106&#0000097vascript:alert(1)', 'javascript'],
    ['&#00000000000106;avascript:alert(1)', 'javascript'],
    ['&#x000000000006A;avascript:alert(1)', 'javascript'],
    ['&amp;#106;avascript:alert(1)', 'javascript'],
    ['java&Tab;script:alert(1)', 'javascript'],
    ['javascript%3Aalert(1)', 'javascript'],
    ['data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', 'data'],
    ['DATA:text/html,<script>alert(1)</script>', 'data'],
    ['vbscript:msgbox(1)', 'vbscript'],
    ['VBScript:msgbox(1)', 'vbscript'],
    ['file:///etc/passwd', 'file'],
  ])('refuses %j (the %s: scheme) with a bilingual reason', (url, scheme) => {
    const problem = linkUrlProblem(url)
    expect(problem).toContain(`不允许的 ${scheme}: 协议`)
    expect(problem).toContain(` / the link "`)
    expect(problem).toContain(`uses the ${scheme}: scheme`)
  })

  it.each([
    ['https://www.workercn.cn/'],
    ['http://acftu.people.com.cn/n1/2016/0428/c67502-28310963.html'],
    ['HTTPS://EXAMPLE.COM/a?b=javascript:c'],
    ['mailto:xuanjiaobu@acftu.org'],
    ['tel:0357-2080181'],
    ['/notices/12'],
    ['#part-2'],
    ['?page=2'],
    ['www.workercn.cn'],
    ['工会新闻/2016'],
  ])('lets %j through', (url) => {
    expect(linkUrlProblem(url)).toBeNull()
  })

  it('shows control characters of a refused URL instead of printing them', () => {
    expect(linkUrlProblem('java\u0000script:alert(1)')).toContain('java\\u0000script:alert(1)')
  })
})
