/**
 * 文号: an official document number such as `国信办通字〔2016〕2号` — the issuer's code, the year
 * in 六角括号 〔〕 and a serial. Writers often use `[2019]`, `［2019］`, `(2019)` or full-width
 * digits instead; all of them are read and written back in the standard form.
 */
export type DocumentNumber = {
  /** The normalised form, e.g. `临工办发〔2020〕8号`. */
  normalized: string
  /** 机关代字, e.g. `临工办发`. */
  issuerCode: string
  year: number
  serial: number
}

export type ParseResult = { ok: true; value: DocumentNumber } | { ok: false; error: string }

/** Issuer code, the year in any of the brackets people use, an optional 第, the serial, 号. */
const pattern = /^(.+?)[〔[［【(（](\d{4})[〕\]］】)）]第?(\d+)号$/

/** Full-width digits (０-９) and spaces are tolerated on input. */
const clean = (raw: string) =>
  raw
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '')

const hint = '应形如“国信办通字〔2016〕2号” / expected a form like "国信办通字〔2016〕2号"'

export const parseDocumentNumber = (raw: string, { now = new Date() } = {}): ParseResult => {
  const text = clean(raw)
  if (!text) {
    return { ok: false, error: `文号为空 / the document number is empty` }
  }
  const match = pattern.exec(text)
  if (!match) {
    return { ok: false, error: `文号“${raw}”格式不正确，${hint}` }
  }
  const [, issuerCode, yearText, serialText] = match as unknown as [string, string, string, string]
  const year = Number(yearText)
  const serial = Number(serialText)
  if (year < 1949 || year > now.getFullYear() + 1) {
    return {
      ok: false,
      error: `文号“${raw}”的年份 ${year} 不在 1949–${now.getFullYear() + 1} 之间 / year ${year} is out of range`,
    }
  }
  if (serial < 1) {
    return { ok: false, error: `文号“${raw}”的序号必须大于 0 / the serial must be at least 1` }
  }
  if (/[〔〕[\]［］【】()（）]/.test(issuerCode)) {
    return { ok: false, error: `文号“${raw}”的机关代字含有括号，${hint}` }
  }
  return {
    ok: true,
    value: { normalized: `${issuerCode}〔${year}〕${serial}号`, issuerCode, year, serial },
  }
}
