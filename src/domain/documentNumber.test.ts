import { describe, expect, it } from 'vitest'

import { parseDocumentNumber } from './documentNumber'

describe('parseDocumentNumber', () => {
  it.each([
    ['国信办通字〔2016〕2号', '国信办通字', 2016, 2],
    ['川信办发文〔2016〕11号', '川信办发文', 2016, 11],
    ['临工办发〔2020〕8号', '临工办发', 2020, 8],
    ['沪工总宣〔2017〕152号', '沪工总宣', 2017, 152],
    ['京发〔2014〕6号', '京发', 2014, 6],
  ])('reads the seed number %s', (raw, issuerCode, year, serial) => {
    expect(parseDocumentNumber(raw)).toEqual({
      ok: true,
      value: { normalized: raw, issuerCode, year, serial },
    })
  })

  it.each([
    ['沪工总宣[2019]15号'],
    ['沪工总宣［2019］15号'],
    ['沪工总宣(2019)15号'],
    ['沪工总宣（2019）15号'],
    ['沪工总宣【2019】15号'],
    ['沪工总宣〔２０１９〕１５号'],
    [' 沪工总宣 〔2019〕 15 号 '],
    ['沪工总宣〔2019〕第15号'],
  ])('normalises %s to 〔〕 form', (raw) => {
    const result = parseDocumentNumber(raw)
    expect(result.ok && result.value.normalized).toBe('沪工总宣〔2019〕15号')
  })

  it.each([
    ['', '文号为空'],
    ['国信办通字2016年2号', '格式不正确'],
    ['〔2016〕2号', '格式不正确'],
    ['国信办通字〔16〕2号', '格式不正确'],
    ['国信办通字〔2016〕号', '格式不正确'],
    ['国信办通字〔2016〕2', '格式不正确'],
    ['国信办通字〔1900〕2号', '不在 1949'],
    ['国信办通字〔2999〕2号', '不在 1949'],
    ['国信办通字〔2016〕0号', '序号必须大于 0'],
  ])('rejects %j with a clear message', (raw, message) => {
    const result = parseDocumentNumber(raw, { now: new Date('2026-11-23') })
    expect(result.ok).toBe(false)
    expect(!result.ok && result.error).toContain(message)
  })
})
