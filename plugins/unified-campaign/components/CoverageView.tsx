import type { DocumentViewServerProps } from 'payload'

import React from 'react'

import type { ResolvedOptions } from '../types'

import { customKey } from '../types'
import { channelNames, complianceSummary, coverageReport } from '../utilities/reports'

const cell: React.CSSProperties = {
  border: '1px solid var(--theme-elevation-150)',
  padding: '6px 10px',
  textAlign: 'center',
}
const head: React.CSSProperties = {
  ...cell,
  background: 'var(--theme-elevation-50)',
  fontWeight: 600,
}
const modeNames: Record<string, string> = { enforce: '强制', warn: '提醒', off: '关闭' }

/**
 * 专栏覆盖: rule 2 of the four unifications in the admin — for each participating site and
 * channel, whether the campaign has a column there with the label and an interaction window —
 * and the campaign's compliance summary.
 */
export const CoverageView = async ({ initPageResult, doc }: DocumentViewServerProps) => {
  const { req, collectionConfig } = initPageResult
  // The plugin's options, access rules included, as the plugin left them on the collection:
  // functions cannot be passed to an admin component, and the tab asks what the endpoints ask.
  const options = collectionConfig?.custom?.[customKey] as ResolvedOptions | undefined
  const campaignId = Number(doc?.id)
  if (!options || !campaignId || !(await options.access.readReports({ req, campaignId }))) {
    return (
      <div style={{ padding: '2rem' }}>
        只有全国办公室和活动主办方可以查看 / only the national office and the hosts
      </div>
    )
  }
  const [report, summary] = await Promise.all([
    coverageReport({ req, options, campaignId }),
    complianceSummary({ req, options, campaignId }),
  ])
  const channels = Object.keys(channelNames)
  const sites = [
    ...new Map(report.cells.map((c) => [c.partnerSite.id, c.partnerSite.name])).entries(),
  ]
  return (
    <div style={{ padding: '1.5rem 3.75rem', maxWidth: 1200 }} data-testid="coverage-view">
      <h2 style={{ marginBottom: '0.5rem' }}>专栏和互动窗口覆盖 · {report.campaign.name}</h2>
      <p style={{ marginBottom: '1rem' }}>
        参与网站 {report.sites} 家，网站渠道 {report.cells.length} 个，齐全 {report.complete}{' '}
        个，缺失 {report.missing.length} 个 （规则：{modeNames[report.rule] ?? report.rule}
        ；作品标识：{report.campaign.label ?? '未设置'}）
      </p>
      <table style={{ borderCollapse: 'collapse', marginBottom: '1.5rem' }}>
        <thead>
          <tr>
            <th style={head}>参与网站</th>
            {channels.map((channel) => (
              <th key={channel} style={head}>
                {channelNames[channel]!.zh}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sites.map(([siteId, name]) => (
            <tr key={siteId}>
              <td style={{ ...cell, textAlign: 'left' }}>{name}</td>
              {channels.map((channel) => {
                const found = report.cells.find(
                  (c) => c.partnerSite.id === siteId && c.channel === channel,
                )
                if (!found) {
                  return (
                    <td key={channel} style={{ ...cell, color: 'var(--theme-elevation-400)' }}>
                      —
                    </td>
                  )
                }
                const marks = found.hasColumn
                  ? `${found.carriesLabel ? '标识✓' : '标识✗'} ${found.hasInteractionWindow ? '互动✓' : '互动✗'}`
                  : '无专栏'
                return (
                  <td
                    key={channel}
                    style={{
                      ...cell,
                      color: found.isComplete
                        ? 'var(--theme-success-500)'
                        : 'var(--theme-error-500)',
                    }}
                  >
                    {found.isComplete ? '✓ 齐全' : marks}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <h3 style={{ marginBottom: '0.5rem' }}>四个统一合规情况</h3>
      <table style={{ borderCollapse: 'collapse' }}>
        <thead>
          <tr>
            <th style={head}>规则</th>
            <th style={head}>设置</th>
            <th style={head}>问题数</th>
            <th style={head}>说明</th>
          </tr>
        </thead>
        <tbody>
          {[
            [
              '统一专栏和互动窗口',
              summary.rules.columns.mode,
              summary.rules.columns.violations,
              summary.rules.columns.detail,
            ],
            [
              '统一作品标识',
              summary.rules.label.mode,
              summary.rules.label.violations,
              summary.rules.label.detail,
            ],
            [
              '统一片头',
              summary.rules.intro.mode,
              summary.rules.intro.violations,
              summary.rules.intro.detail,
            ],
            [
              '统一推送精品',
              summary.rules.bestWorks.mode,
              `推荐 ${summary.rules.bestWorks.recommended} / 精品 ${summary.rules.bestWorks.selected}`,
              summary.rules.bestWorks.detail,
            ],
          ].map(([name, mode, count, detail]) => (
            <tr key={String(name)}>
              <td style={{ ...cell, textAlign: 'left' }}>{name}</td>
              <td style={cell}>{modeNames[String(mode)] ?? mode}</td>
              <td style={cell}>{count}</td>
              <td style={{ ...cell, textAlign: 'left' }}>{detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p style={{ marginTop: '0.75rem', color: 'var(--theme-elevation-500)' }}>
        统一活动主题：本活动的内容都属于本活动；不属于任何主题活动的已发布内容不计入各活动，全站汇总一次（
        <code>GET /api/campaigns/standing</code>）。
      </p>
    </div>
  )
}
