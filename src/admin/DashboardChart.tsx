'use client'

import type { EChartsType } from 'echarts/core'

import React, { useEffect, useRef } from 'react'

import type { ChartSpec } from './charts'

import { chartHeight, chartOption } from './charts'

/**
 * One of the dashboard's charts, drawn in the browser as SVG from the numbers the page carries
 * (not hundreds of kilobytes of SVG in the page's HTML and again in its React payload). Its box
 * has the chart's height before it is drawn, so nothing below it moves. Text is measured and drawn
 * in the page's own font, read from the box. ECharts is fetched when a chart is first shown.
 */
export const DashboardChart = ({ spec, testId }: { spec: ChartSpec; testId: string }) => {
  const box = useRef<HTMLDivElement>(null)
  const height = chartHeight(spec)
  // The numbers, not the object: a re-render with the same numbers does not redraw.
  const key = JSON.stringify(spec)

  useEffect(() => {
    const element = box.current
    if (!element) {
      return
    }
    const drawn = JSON.parse(key) as ChartSpec
    let chart: EChartsType | undefined
    let observer: ResizeObserver | undefined
    let isGone = false
    void import('./DashboardChartEngine').then(({ echarts }) => {
      if (isGone) {
        return
      }
      chart = echarts.init(element, null, { renderer: 'svg' })
      chart.setOption(chartOption(drawn, { fontFamily: getComputedStyle(element).fontFamily }))
      // As wide as its column, up to its own width: redrawn when the column changes.
      observer = new ResizeObserver(() => chart?.resize())
      observer.observe(element)
    })
    return () => {
      isGone = true
      observer?.disconnect()
      chart?.dispose()
    }
  }, [key])

  return (
    <div
      ref={box}
      data-testid={testId}
      role="img"
      aria-label={spec.label}
      style={{ width: '100%', maxWidth: spec.width, height }}
    />
  )
}
