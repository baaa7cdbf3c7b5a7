import { describe, expect, it } from 'vitest'

import { serverUrlUnsetMessage, warnIfServerUrlUnset } from './serverUrl'

const recorder = () => {
  const warnings: object[] = []
  return { warnings, logger: { warn: (obj: object) => void warnings.push(obj) } }
}

describe('warnIfServerUrlUnset', () => {
  it('warns once, with what falls back, while SERVER_URL is unset', () => {
    const { warnings, logger } = recorder()
    for (let i = 0; i < 3; i++) {
      expect(
        warnIfServerUrlUnset({
          consequence: 'partner links are relative',
          env: { SERVER_URL: '' },
          logger,
        }),
      ).toBe(true)
    }
    expect(warnings).toEqual([
      { msg: serverUrlUnsetMessage, consequence: 'partner links are relative' },
    ])
  })

  it('says nothing when SERVER_URL is set', () => {
    const { warnings, logger } = recorder()
    expect(
      warnIfServerUrlUnset({
        consequence: 'another feature',
        env: { SERVER_URL: 'https://cms.example.org' },
        logger,
      }),
    ).toBe(false)
    expect(warnings).toEqual([])
  })
})
