import { describe, expect, it } from 'vitest'

import { graphqlAuthAttempts } from './graphqlAuth'

const body = (query: string, variables?: Record<string, unknown>) =>
  Buffer.from(JSON.stringify({ query, variables }))

describe('graphqlAuthAttempts', () => {
  it.each([
    [
      'an inline e-mail',
      body('mutation { loginUser(email: " A@B.cn ", password: "x") { token } }'),
      { attempts: 1, emails: ['a@b.cn'] },
    ],
    [
      'an e-mail in variables',
      body('mutation L($e: String!) { loginUser(email: $e, password: "x") { token } }', {
        e: 'A@B.cn',
      }),
      { attempts: 1, emails: ['a@b.cn'] },
    ],
    [
      'a variable’s default',
      body('mutation L($e: String = "d@b.cn") { forgotPasswordUser(email: $e) }'),
      { attempts: 1, emails: ['d@b.cn'] },
    ],
    [
      'aliased attempts, each counted',
      body(
        'mutation { a: loginUser(email: "a@b.cn", password: "1") { token } b: loginUser(email: "a@b.cn", password: "2") { token } }',
      ),
      { attempts: 2, emails: ['a@b.cn', 'a@b.cn'] },
    ],
    [
      'an attempt inside a fragment',
      body(
        'mutation { ...F } fragment F on Mutation { loginUser(email: "f@b.cn", password: "x") { token } }',
      ),
      { attempts: 1, emails: ['f@b.cn'] },
    ],
    [
      'a reset, which names no account',
      body('mutation { resetPasswordUser(token: "t", password: "p") { token } }'),
      { attempts: 1, emails: [] },
    ],
    [
      'another collection’s login',
      body('mutation { loginPartnerAccount(email: "p@b.cn", password: "x") { token } }'),
      { attempts: 1, emails: ['p@b.cn'] },
    ],
  ])('finds %s', (_what, request, expected) => {
    expect(graphqlAuthAttempts(request)).toEqual(expected)
  })

  it.each([
    ['an ordinary query', body('{ Campaigns { totalDocs } }')],
    ['a name only in a comment', body('# loginUser(email: "a@b.cn")\n{ Campaigns { totalDocs } }')],
    [
      'a name only in a string',
      body('{ Campaigns(where: { name: { equals: "loginUser" } }) { totalDocs } }'),
    ],
    [
      'a query that does not parse (Payload runs nothing)',
      body('mutation { loginUser(email: "a@b.cn" '),
    ],
    ['a body that is not JSON', Buffer.from('mutation { loginUser(email: "a@b.cn") { token } }')],
  ])('finds no attempt in %s', (_what, request) => {
    expect(graphqlAuthAttempts(request)).toEqual({ attempts: 0, emails: [] })
  })
})
