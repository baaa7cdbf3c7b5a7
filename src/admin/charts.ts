import type { EChartsCoreOption } from 'echarts/core'

import { BarChart } from 'echarts/charts'
import { GridComponent, LegendComponent, MarkLineComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'

echarts.use([BarChart, GridComponent, LegendComponent, MarkLineComponent, SVGRenderer])

/**
 * The dashboard's charts, drawn on the server by Apache ECharts' SSR renderer as SVG: the page
 * shows them without client JavaScript. Text takes the page's colour (`currentColor`), so the
 * charts read in the admin's light and dark themes alike.
 */

/**
 * Text takes the page's font (the admin's, CJK included): ECharts writes the family into each
 * text's style attribute unescaped, so a stack with quoted names would break the attribute.
 */
const fontFamily = 'inherit'

const text = { color: 'currentColor', fontFamily, fontSize: 12 }
const gridLine = { lineStyle: { color: 'rgba(128, 128, 128, 0.25)' } }
const axisLine = { lineStyle: { color: 'rgba(128, 128, 128, 0.6)' } }

/** Colours that read on white and on the dark theme's near-black. */
export const chartColors = {
  blue: '#5470c6',
  green: '#3ba272',
  amber: '#e6a23c',
  grey: '#a0a7b4',
  red: '#ee6666',
}

/**
 * The SVGs last drawn, by their option and size: ECharts takes 5–20 ms per chart, and the same
 * numbers (a campaign between two submissions, opened by its staff) draw the same chart. Any
 * change in the numbers is a new key.
 */
const drawn = new Map<string, string>()
const drawnMax = 64

export const renderSvg = (
  option: EChartsCoreOption,
  { width, height, label }: { width: number; height: number; label: string },
): string => {
  const key = JSON.stringify([option, width, height, label])
  const known = drawn.get(key)
  if (known !== undefined) {
    // Most recently used last, so the oldest is the first dropped.
    drawn.delete(key)
    drawn.set(key, known)
    return known
  }
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption({ animation: false, textStyle: text, ...option })
    // As wide as its column allows, never wider than drawn; the viewBox keeps the proportions.
    const svg = chart
      .renderToSVGString()
      .replace(
        /^<svg width="(\d+)" height="\d+"/,
        `<svg width="100%" style="max-width:$1px;height:auto;display:block" role="img" aria-label="${escapeAttribute(label)}"`,
      )
    drawn.set(key, svg)
    if (drawn.size > drawnMax) {
      drawn.delete(drawn.keys().next().value!)
    }
    return svg
  } finally {
    chart.dispose()
  }
}

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')

export type Series = { name: string; color: string; values: number[]; stack?: string }

/** Vertical bars over categories (days), one series. */
export const columnChart = ({
  categories,
  series,
  width,
  height,
  label,
}: {
  categories: string[]
  series: Series[]
  width: number
  height: number
  /** What the chart shows, for screen readers. */
  label: string
}): string =>
  renderSvg(
    {
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
      yAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: text,
        splitLine: gridLine,
      },
      series: series.map((s) => ({
        type: 'bar',
        name: s.name,
        data: s.values,
        stack: s.stack,
        itemStyle: { color: s.color },
        barMaxWidth: 18,
        label: { show: false },
      })),
    },
    { width, height, label },
  )

/** Horizontal bars, one row per category (sub-projects, units), stacked or side by side. */
export const barChart = ({
  categories,
  series,
  width,
  label,
  rowHeight = 28,
}: {
  categories: string[]
  series: Series[]
  width: number
  label: string
  rowHeight?: number
}): { svg: string; height: number } => {
  const height = Math.max(140, 56 + categories.length * rowHeight)
  const svg = renderSvg(
    {
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
    },
    { width, height, label },
  )
  return { svg, height }
}
