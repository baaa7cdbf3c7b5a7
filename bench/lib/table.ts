import type { Ratio } from './results'

/** A GitHub markdown table; cells are printed as given. */
export const markdownTable = (headers: string[], rows: (string | number)[][]): string => {
  const line = (cells: (string | number)[]) =>
    `| ${cells.map((c) => String(c).replaceAll('|', '\\|')).join(' | ')} |`
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n')
}

/** A number for a table, `n/a` when missing. */
export const fmt = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits)

/** A ratio with its verdict: `0.42 ✗ (target ≥ 0.7)`, `n/a (pending: …)`. */
export const ratioCell = (ratio: Ratio): string => {
  if (ratio.value === null) {
    return 'n/a'
  }
  const verdict = ratio.isMet === null ? '' : ratio.isMet ? ' ✓ met' : ' ✗ missed'
  return `${ratio.value.toFixed(2)}${verdict}`
}

export const ratiosTable = (ratios: Ratio[]): string =>
  markdownTable(
    ['ratio', 'value', 'target', 'status'],
    ratios.map((r) => [
      r.name,
      r.value === null ? 'n/a' : r.value.toFixed(r.value < 10 ? 2 : 1),
      r.target || '—',
      r.value === null
        ? `pending: ${r.pending ?? 'not measurable yet'}`
        : r.isMet === null
          ? '—'
          : r.isMet
            ? 'met'
            : '**missed**',
    ]),
  )

/** Builds a ratio of `a / b` against an optional target check. */
export const ratio = ({
  name,
  a,
  b,
  target = '',
  check,
  pending,
}: {
  name: string
  a: number | null | undefined
  b: number | null | undefined
  target?: string
  check?: (value: number) => boolean
  pending?: string
}): Ratio => {
  const value = a && b ? a / b : null
  return {
    name,
    value,
    target,
    isMet: value === null || !check ? null : check(value),
    ...(value === null ? { pending: pending ?? 'not measurable yet' } : {}),
  }
}
