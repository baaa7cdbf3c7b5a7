/**
 * Reads a 任务分解表 as printed in a notice (tab-separated: 序号, 单位, then one column per
 * quota) or as the rows of a workbook. Printed tables are messy: rows wider than the header, a
 * missing column, a total row that does not add up. Nothing is guessed silently: a value is placed
 * only under the header column at its position, and everything else is reported with its row and
 * values.
 */

/** What one header column counts: offline events, the works of one sub-project, or one tier's propagandists. */
export type QuotaColumnTarget =
  | { kind: 'offline-events' }
  | { kind: 'works'; subProject: string }
  | { kind: 'propagandists'; tier: string }

export type QuotaRow = {
  /** The row's 序号 as printed. */
  rowNumber: number
  unit: string
  offlineEvents?: number
  works: { subProject: string; count: number }[]
  /** 宣传员 head-count targets by tier, where the table has a column for the tier. */
  propagandists: { tier: string; count: number }[]
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

/** A whole number of 0 or more, as written (`12`, `012`); anything else is null. */
const parseCount = (raw: string): number | null => {
  const text = raw.trim()
  return /^\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : null
}

/** What a value that is not a count is: no number at all, or a number that is no count. */
const countProblem = (heading: string, raw: string): string =>
  /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i.test(raw.trim())
    ? `“${heading}”的值“${raw}”不是 0 或正整数，未导入 / “${raw}” is not a whole number of 0 or more`
    : `“${heading}”的值“${raw}”不是数字，未导入 / “${raw}” is not a number`

const isTotalCell = (cell: string) => cell.replace(/\s+/g, '') === '合计'

/** The rows of a table printed as text: tab-separated cells, one line each. */
const textRows = (table: string): string[][] =>
  table.split('\n').map((line) => line.replace(/\r$/, '').split('\t'))

const valueList = (values: string[], from: number) =>
  values
    .slice(from)
    .map((v, i) => `第${from + i + 1}个=${v}`)
    .join('，')

export const parseQuotaTable = ({
  table,
  columns,
  blankCells = 'report',
}: {
  /** The table as printed (tab-separated lines), or its rows of cells (a workbook's). */
  table: string | string[][]
  /** What each normalised heading counts; headings not listed here are reported. */
  columns: Record<string, QuotaColumnTarget>
  /**
   * A blank cell, and a row shorter than the header: reported (`report`, as printed text, where a
   * value is missing), or no quota for that column (`unset`, as a workbook, where a blank cell
   * and a short row cannot be told apart and an empty cell is how a table leaves a unit out).
   */
  blankCells?: 'report' | 'unset'
}): QuotaTableResult => {
  const lines = (typeof table === 'string' ? textRows(table) : table).filter((cells) =>
    cells.some((cell) => cell.trim()),
  )
  const problems: QuotaProblem[] = []
  const [headerLine, ...bodyLines] = lines
  if (!headerLine) {
    return { rows: [], problems: [{ row: 'header', message: '表格为空 / the table is empty' }] }
  }
  // The first two header cells are 序号 and 单位; the rest are quota columns.
  const headerCells = [...headerLine]
  while (blankCells === 'unset' && headerCells.length > 2 && !headerCells.at(-1)?.trim()) {
    headerCells.pop()
  }
  const headings = headerCells.slice(2).map(normalizeHeading)
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
    const cells = line.map((cell) => cell.trim())
    if (blankCells === 'unset') {
      // Trailing blanks are the sheet's width, not values.
      while (cells.length > 2 && !cells[cells.length - 1]) {
        cells.pop()
      }
    }
    const [serial = '', unit = '', ...values] = cells
    // 合计 under 单位, or (a workbook's merged cell) under 序号 with 单位 left blank.
    const isTotal = (!serial && isTotalCell(unit)) || (isTotalCell(serial) && !unit)
    const rowNumber = parseCount(serial)
    if (!isTotal && rowNumber === null) {
      problems.push({
        row: 'header',
        message: `无法识别的行“${line.join('\t').trim()}”，未导入 / unreadable line, not loaded`,
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
    } else if (values.length < headings.length && blankCells === 'report') {
      problems.push({
        ...where,
        message: `只有 ${values.length} 个数值，少于表头的 ${headings.length} 列；缺少：${headings.slice(values.length).join('、')} / ${values.length} values for ${headings.length} columns`,
      })
    }
    const counts = headings.map((heading, i) => {
      const raw = values[i]
      if (raw === undefined || (raw === '' && blankCells === 'unset')) {
        return null
      }
      const count = parseCount(raw)
      if (count === null) {
        problems.push({ ...where, message: countProblem(heading, raw) })
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
    const quota: QuotaRow = { rowNumber: rowNumber as number, unit, works: [], propagandists: [] }
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
      } else if (target?.kind === 'propagandists') {
        quota.propagandists.push({ tier: target.tier, count })
      }
    })
    rows.push(quota)
  }
  return { rows, problems }
}
