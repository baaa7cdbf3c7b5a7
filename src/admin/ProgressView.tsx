import type { DocumentViewServerProps } from 'payload'

import React from 'react'

import type { CellState } from '../reporting/progress'

import { campaignProgress, ProgressRefusal } from '../reporting/progress'
import { taskTableCampaign, TaskTableRefusal } from '../reporting/taskTable'
import { TaskTableImport } from './TaskTableImport'

const cell: React.CSSProperties = {
  border: '1px solid var(--theme-elevation-150)',
  padding: '6px 10px',
  textAlign: 'center',
  whiteSpace: 'nowrap',
}
const head: React.CSSProperties = {
  ...cell,
  background: 'var(--theme-elevation-50)',
  fontWeight: 600,
}
const stateStyle: Record<CellState, React.CSSProperties> = {
  met: { color: 'var(--theme-success-750)' },
  behind: { color: 'var(--theme-error-750)', fontWeight: 600 },
  over: { color: 'var(--theme-warning-750)' },
  none: { color: 'var(--theme-elevation-400)' },
}
const stateNames: Record<CellState, string> = {
  met: '已完成',
  behind: '未完成',
  over: '超出',
  none: '未设任务',
}

/**
 * 报送进度: the campaign's progress matrix in the admin — each reporting unit against its quota
 * per sub-project, with the 合计 — its workbook, and, for those who keep the task table
 * (任务分解表), its export and an import with a preview and every problem before anything is saved.
 */
export const ProgressView = async ({ initPageResult, doc }: DocumentViewServerProps) => {
  const { req } = initPageResult
  const campaignId = Number(doc?.id)
  let progress
  try {
    progress = await campaignProgress({ req, campaignId })
  } catch (err) {
    if (err instanceof ProgressRefusal) {
      return <div style={{ padding: '2rem' }}>{err.message}</div>
    }
    throw err
  }
  const keepsTaskTable = await taskTableCampaign({ req, campaignId }).then(
    () => true,
    (err: unknown) => {
      if (err instanceof TaskTableRefusal) {
        return false
      }
      throw err
    },
  )
  const api = `/api/campaigns/${campaignId}`
  const tiers = progress.rows[0]?.propagandists.map((team) => team.tier) ?? []
  return (
    <div style={{ padding: '1.5rem 3.75rem', maxWidth: 1400 }} data-testid="progress-view">
      <h2 style={{ marginBottom: '0.5rem' }}>报送进度 · {progress.campaign.name}</h2>
      <p style={{ marginBottom: '1rem' }}>
        报送单位 {progress.rows.length} 个，完成全部任务{' '}
        {progress.rows.filter((row) => row.isOnTrack).length} 个；已报送 {progress.totals.reported}{' '}
        件，任务 {progress.totals.quota} 件。
        {progress.isComplete ? '' : '（仅显示本单位及下级单位）'}{' '}
        <a href={`${api}/progress.xlsx`}>下载报送进度（XLSX）</a>
      </p>
      <div style={{ overflowX: 'auto', marginBottom: '2rem' }}>
        <table style={{ borderCollapse: 'collapse' }}>
          <thead>
            <tr>
              <th style={head}>单位</th>
              {progress.subProjects.map((subProject) => (
                <th key={subProject.id} style={head}>
                  {subProject.name}
                  <div style={{ fontWeight: 400, fontSize: 12 }}>
                    {subProject.quota.count === null
                      ? '未设统一任务'
                      : `${subProject.quota.mode === 'exact' ? '报送' : '至少'} ${subProject.quota.count} 件`}
                  </div>
                </th>
              ))}
              <th style={head}>合计</th>
              <th style={head}>线下活动（场）</th>
              {tiers.map((tier) => (
                <th key={tier} style={head}>
                  {tier}（人）
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {progress.rows.map((row) => (
              <tr key={row.unit.id}>
                <td style={{ ...cell, textAlign: 'left' }}>{row.unit.name}</td>
                {row.cells.map((each) => (
                  <td
                    key={each.subProject}
                    style={{ ...cell, ...stateStyle[each.state] }}
                    title={stateNames[each.state]}
                  >
                    {each.reported} / {each.quota ?? '—'}
                  </td>
                ))}
                <td style={cell}>
                  {row.total.reported} / {row.total.quota}
                </td>
                <td style={cell}>
                  {row.offlineEvents.reported} / {row.offlineEvents.quota ?? '—'}
                </td>
                {row.propagandists.map((team) => (
                  <td key={team.tier} style={cell}>
                    {team.reported} / {team.target ?? '—'}
                  </td>
                ))}
              </tr>
            ))}
            <tr>
              <td style={{ ...head, textAlign: 'left' }}>合计</td>
              {progress.totals.cells.map((each) => (
                <td key={each.subProject} style={head}>
                  {each.reported} / {each.quota}
                </td>
              ))}
              <td style={head}>
                {progress.totals.reported} / {progress.totals.quota}
              </td>
              <td style={head} colSpan={1 + tiers.length} />
            </tr>
          </tbody>
        </table>
      </div>
      {keepsTaskTable ? (
        <section>
          <h3 style={{ marginBottom: '0.5rem' }}>任务分解表</h3>
          <p style={{ marginBottom: '1rem' }}>
            导出：<a href={`${api}/task-table.xlsx`}>XLSX</a> ·{' '}
            <a href={`${api}/task-table.csv`}>CSV</a>
            。导入前先预览：列出每个单位将保存的任务和每一处问题，有问题时不保存任何内容。
          </p>
          <TaskTableImport campaignId={campaignId} />
        </section>
      ) : null}
    </div>
  )
}
