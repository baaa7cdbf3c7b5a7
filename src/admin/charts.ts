import type { EChartsCoreOption } from 'echarts/core'

/**
 * The dashboard's charts as data: what the server sends is a chart's numbers and names
 * (`ChartSpec`); the browser turns them into an ECharts option (`chartOption`) and draws it as
 * SVG (DashboardChart). Text takes the page's colour (`currentColor`), so the charts read in the
 * admin's light and dark themes alike.
 */

/** Colours that read on white and on the dark theme's near-black. */
export const chartColors = {
  blue: '#5470c6',
  green: '#3ba272',
  amber: '#e6a23c',
  grey: '#a0a7b4',
  red: '#ee6666',
}

export type Series = { name: string; color: string; values: number[]; stack?: string }

export type ChartSpec = {
  /** `column`: vertical bars over categories (days); `bar`: one row per category. */
  kind: 'column' | 'bar'
  categories: string[]
  series: Series[]
  /** The widest it is drawn (px); narrower where its column is. */
  width: number
  /** Column charts: their height (px). Bar charts grow with their rows. */
  height?: number
  /** Bar charts: the height of a row (px). @default 28 */
  rowHeight?: number
  /** What the chart shows, for screen readers. */
  label: string
}

/** How tall a chart is drawn: a bar chart has room for every row, and 140 px at least. */
export const chartHeight = (spec: ChartSpec): number =>
  spec.kind === 'column'
    ? (spec.height ?? 240)
    : Math.max(140, 56 + spec.categories.length * (spec.rowHeight ?? 28))

const gridLine = { lineStyle: { color: 'rgba(128, 128, 128, 0.25)' } }
const axisLine = { lineStyle: { color: 'rgba(128, 128, 128, 0.6)' } }

/** The ECharts option of a chart, its text in `fontFamily` (the page's, CJK included). */
export const chartOption = (spec: ChartSpec, { fontFamily }: { fontFamily: string }) => {
  const text = { color: 'currentColor', fontFamily, fontSize: 12 }
  const { categories, series } = spec
  if (spec.kind === 'column') {
    return {
      animation: false,
      textStyle: text,
      grid: {
        left: 8,
        right: 16,
        top: series.length > 1 ? 32 : 16,
        bottom: 8,
        outerBoundsMode: 'same',
        outerBoundsContain: 'axisLabel',
      },
      legend: series.length > 1 ? { top: 0, textStyle: text } : undefined,
      xAxis: {
        type: 'category',
        data: categories,
        axisLabel: { ...text, hideOverlap: true },
        axisLine,
        axisTick: { alignWithLabel: true },
      },
      yAxis: { type: 'value', minInterval: 1, axisLabel: text, splitLine: gridLine },
      series: series.map((s) => ({
        type: 'bar',
        name: s.name,
        data: s.values,
        stack: s.stack,
        itemStyle: { color: s.color },
        barMaxWidth: 18,
        label: { show: false },
      })),
    } satisfies EChartsCoreOption
  }
  return {
    animation: false,
    textStyle: text,
    grid: {
      left: 8,
      right: 40,
      top: 32,
      bottom: 8,
      outerBoundsMode: 'same',
      outerBoundsContain: 'axisLabel',
    },
    legend: { top: 0, textStyle: text, itemWidth: 14, itemHeight: 10 },
    // The first category at the top, as a table reads.
    yAxis: {
      type: 'category',
      data: categories,
      inverse: true,
      axisLabel: { ...text, width: 150, overflow: 'truncate' },
      axisLine,
      axisTick: { show: false },
    },
    xAxis: { type: 'value', minInterval: 1, axisLabel: text, splitLine: gridLine },
    series: series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: s.values,
      stack: s.stack,
      itemStyle: { color: s.color },
      barMaxWidth: s.stack ? 14 : 8,
      barGap: '20%',
      label: {
        show: !s.stack,
        position: 'right',
        ...text,
        formatter: ({ value }: { value: number }) => (value ? String(value) : ''),
      },
    })),
  } satisfies EChartsCoreOption
}
