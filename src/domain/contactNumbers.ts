/** Chinese mobile numbers: 11 digits starting with 1 and a carrier digit 3–9. */
const mobilePattern = /^1[3-9]\d{9}$/

/** Landlines: area code (0 + 2–3 digits) and a 7–8 digit number, e.g. `0357-2080181`, `010-66278673`. */
const landlinePattern = /^0\d{2,3}-\d{7,8}$/

/** Strips the spaces people type inside numbers; keeps everything else for the check. */
export const normalizePhone = (raw: string): string =>
  raw.replace(/[\s\u3000]+/g, '').replace(/[—–－]/g, '-')

export const checkMobile = (raw: string): string | true => {
  const value = normalizePhone(raw)
  return mobilePattern.test(value)
    ? true
    : `手机号“${raw}”应为以 1 开头的 11 位数字 / mobile "${raw}" must be 11 digits starting with 1`
}

export const checkLandline = (raw: string): string | true => {
  const value = normalizePhone(raw)
  return landlinePattern.test(value)
    ? true
    : `座机号“${raw}”应为“区号-号码”，如 0357-2080181 / landline "${raw}" must be area code and number, e.g. 0357-2080181`
}
