/**
 * Reads a 任务分解表 as printed in a notice (tab-separated: 序号, 单位, then one column per
 * quota). Printed tables are messy: rows wider than the header, a missing column, a total row
 * that does not add up. Nothing is guessed silently: a value is placed only under the header
 * column at its position, and everything else is reported with its row and values.
 */

/** What one header column counts: offline events, or the works of one sub-project. */
export type QuotaColumnTarget = { kind: 'offline-events' } | { kind: 'works'; subProject: string }

export type QuotaRow = {
  /** The row's 序号 as printed. */
  rowNumber: number
  unit: string
  offlineEvents?: number
  works: { subProject: string; count: number }[]
}

export type QuotaProblem = {
  /** 序号 of the row, or 'header' / 'total'. */
  row: number | 'header' | 'total'
  unit?: string
  message: string
}

export type QuotaTableResult = {
  rows: QuotaRow[]
  problems: QuotaProblem[]
}

/** Headings are printed with stray spaces and units: `摄影 作品(个)` → `摄影作品`. */
export const normalizeHeading = (raw: string): string =>
  withoutParentheses(raw.replace(/[\s\u3000]+/g, ''))

/**
 * The text without each stretch from an opening parenthesis to the next closing one, half- or
 * full-width, as `/[(（][^)）]*[)）]/g` removed them. By hand: that pattern searched to the end
 * again from every `(` that has no `)` after it, quadratic on a cell of many `(`. Here the first
 * `(` with no `)` after it ends the search, as no later one can have one either.
 */
const withoutParentheses = (text: string): string => {
  const kept: string[] = []
  let from = 0
  for (;;) {
    const open = indexOfEither({ text, units: ['('.charCodeAt(0), '（'.charCodeAt(0)], from })
    const close =
      open === -1
        ? -1
        : indexOfEither({ text, units: [')'.charCodeAt(0), '）'.charCodeAt(0)], from: open + 1 })
    if (close === -1) {
      break
    }
    kept.push(text.slice(from, open))
    from = close + 1
  }
  kept.push(text.slice(from))
  return kept.join('')
}

/**
 * The first index at or after `from` of either UTF-16 unit, or -1. One scan: two `indexOf`s would
 * each run to the end, on every call, when one of the two is absent.
 */
const indexOfEither = ({
  text,
  units: [a, b],
  from,
}: {
  text: string
  units: [number, number]
  from: number
}): number => {
  for (let i = from; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit === a || unit === b) {
      return i
    }
  }
  return -1
}

const parseCount = (raw: string): number | null =>
  /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : null

const valueList = (values: string[], from: number) =>
  values
    .slice(from)
    .map((v, i) => `第${from + i + 1}个=${v}`)
    .join('，')

export const parseQuotaTable = ({
  table,
  columns,
}: {
  table: string
  /** What each normalised heading counts; headings not listed here are reported. */
  columns: Record<string, QuotaColumnTarget>
}): QuotaTableResult => {
  const lines = table
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim())
  const problems: QuotaProblem[] = []
  const [headerLine, ...bodyLines] = lines
  if (!headerLine) {
    return { rows: [], problems: [{ row: 'header', message: '表格为空 / the table is empty' }] }
  }
  // The first two header cells are 序号 and 单位; the rest are quota columns.
  const headings = headerLine.split('\t').slice(2).map(normalizeHeading)
  const targets = headings.map((heading) => columns[heading])
  headings.forEach((heading, i) => {
    if (!targets[i]) {
      problems.push({
        row: 'header',
        message: `表头第 ${i + 3} 列“${heading}”不对应任何子项目，该列未导入 / column “${heading}” matches no sub-project and was not loaded`,
      })
    }
  })

  const rows: QuotaRow[] = []
  const sums = headings.map(() => 0)
  for (const line of bodyLines) {
    const cells = line.split('\t').map((cell) => cell.trim())
    const [serial = '', unit = '', ...values] = cells
    const isTotal = !serial && unit.replace(/\s+/g, '') === '合计'
    const rowNumber = parseCount(serial)
    if (!isTotal && rowNumber === null) {
      problems.push({
        row: 'header',
        message: `无法识别的行“${line.trim()}”，未导入 / unreadable line, not loaded`,
      })
      continue
    }
    const row: number | 'total' = isTotal ? 'total' : (rowNumber as number)
    const where = isTotal ? { row } : { row, unit }
    if (values.length > headings.length) {
      problems.push({
        ...where,
        message:
          `有 ${values.length} 个数值，表头只有 ${headings.length} 列；多出的数值无法对应到任何列，未导入：${valueList(values, headings.length)}` +
          ` / ${values.length} values for ${headings.length} columns; values ${headings.length + 1}–${values.length} have no column and were not loaded`,
      })
    } else if (values.length < headings.length) {
      problems.push({
        ...where,
        message: `只有 ${values.length} 个数值，少于表头的 ${headings.length} 列；缺少：${headings.slice(values.length).join('、')} / ${values.length} values for ${headings.length} columns`,
      })
    }
    const counts = headings.map((heading, i) => {
      const raw = values[i]
      if (raw === undefined) {
        return null
      }
      const count = parseCount(raw)
      if (count === null) {
        problems.push({
          ...where,
          message: `“${heading}”的值“${raw}”不是数字，未导入 / “${raw}” is not a number`,
        })
      }
      return count
    })
    if (isTotal) {
      counts.forEach((total, i) => {
        if (total !== null && total !== sums[i]) {
          problems.push({
            row: 'total',
            message: `“${headings[i]}”合计为 ${total}，但各行之和为 ${sums[i]} / the total row says ${total} for “${headings[i]}”, the rows add up to ${sums[i]}`,
          })
        }
      })
      continue
    }
    const quota: QuotaRow = { rowNumber: rowNumber as number, unit, works: [] }
    counts.forEach((count, i) => {
      if (count === null) {
        return
      }
      sums[i] = (sums[i] ?? 0) + count
      const target = targets[i]
      if (target?.kind === 'offline-events') {
        quota.offlineEvents = count
      } else if (target?.kind === 'works') {
        quota.works.push({ subProject: target.subProject, count })
      }
    })
    rows.push(quota)
  }
  return { rows, problems }
}
