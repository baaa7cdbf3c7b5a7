import { BarChart } from 'echarts/charts'
import { GridComponent, LegendComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'

/**
 * ECharts as the dashboard's charts use it: its core, bar charts, grid, legend and SVG renderer
 * only. Loaded by DashboardChart when a chart is first shown (a script of its own), so the other
 * admin pages do not carry it.
 */
echarts.use([BarChart, GridComponent, LegendComponent, SVGRenderer])

export { echarts }
