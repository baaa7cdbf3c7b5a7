'use client'

import React, { useState } from 'react'

type Problem = { row: number | 'header' | 'total'; unit?: string; message: string }
type Row = {
  row: number
  unit: { id: number | null; name: string }
  offlineEvents: number | null
  works: { subProject: { id: number; name: string }; count: number }[]
  propagandists: { tier: string; count: number }[]
  action: 'create' | 'update' | null
}
type Preview = { rows: Row[]; removed: { id: number; name: string }[]; problems: Problem[] }

const rowName = (row: Problem['row']) =>
  row === 'header' ? '表头' : row === 'total' ? '合计行' : `第 ${row} 行`

/**
 * Choosing a task-table file previews it (nothing saved): each unit's row and every problem.
 * Import is offered only for a file without problems, and replaces the table in one step.
 */
export const TaskTableImport = ({ campaignId }: { campaignId: number }) => {
  const [file, setFile] = useState<File | null>(null)
  const [preview, setPreview] = useState<Preview | null>(null)
  const [message, setMessage] = useState('')
  const [isBusy, setBusy] = useState(false)

  const send = async (step: 'preview' | 'import', chosen: File) => {
    const form = new FormData()
    form.append('file', chosen)
    const res = await fetch(`/api/campaigns/${campaignId}/task-table/${step}`, {
      method: 'POST',
      body: form,
      credentials: 'include',
    })
    return { status: res.status, body: await res.json() }
  }

  const choose = async (chosen: File | null) => {
    setFile(chosen)
    setPreview(null)
    setMessage('')
    if (!chosen) {
      return
    }
    setBusy(true)
    try {
      const { status, body } = await send('preview', chosen)
      if (status === 200) {
        setPreview(body as Preview)
      } else {
        setMessage(body.errors?.[0]?.message ?? `预览失败（${status}）`)
      }
    } finally {
      setBusy(false)
    }
  }

  const importFile = async () => {
    if (!file) {
      return
    }
    setBusy(true)
    try {
      const { status, body } = await send('import', file)
      setMessage(
        status === 200
          ? `已导入 ${body.rows} 个单位的任务（新增 ${body.created}，更新 ${body.updated}，清除 ${body.removed}）。刷新页面查看报送进度。`
          : (body.errors?.[0]?.message ?? `导入失败（${status}）`),
      )
      if (status === 200) {
        setPreview(null)
      }
    } finally {
      setBusy(false)
    }
  }

  return (
    <div data-testid="task-table-import">
      <label>
        选择任务分解表文件（XLSX 或 UTF-8 CSV，不超过 2 MB）：{' '}
        <input
          accept=".xlsx,.csv"
          disabled={isBusy}
          onChange={(event) => void choose(event.target.files?.[0] ?? null)}
          type="file"
        />
      </label>
      {isBusy ? <p>正在处理……</p> : null}
      {message ? (
        <p role="status" style={{ marginTop: '0.75rem' }}>
          {message}
        </p>
      ) : null}
      {preview ? (
        <div style={{ marginTop: '1rem' }}>
          {preview.problems.length ? (
            <div role="alert" style={{ color: 'var(--theme-error-750)', marginBottom: '1rem' }}>
              <strong>
                有 {preview.problems.length} 处问题，不能导入 / {preview.problems.length} problems:
                nothing can be imported
              </strong>
              <ul>
                {preview.problems.map((problem, index) => (
                  <li key={index}>
                    {rowName(problem.row)}
                    {problem.unit ? ` ${problem.unit}` : ''}：{problem.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <table style={{ borderCollapse: 'collapse', marginBottom: '1rem' }}>
            <thead>
              <tr>
                {['序号', '单位', '线下活动', '作品任务', '宣传员目标', '导入后'].map((title) => (
                  <th
                    key={title}
                    style={{ border: '1px solid var(--theme-elevation-150)', padding: '4px 8px' }}
                  >
                    {title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => (
                <tr key={`${row.row}-${row.unit.name}`}>
                  {[
                    row.row,
                    row.unit.name,
                    row.offlineEvents ?? '—',
                    row.works.map((work) => `${work.subProject.name} ${work.count}`).join('；') ||
                      '—',
                    row.propagandists
                      .map((target) => `${target.tier} ${target.count}`)
                      .join('；') || '—',
                    row.action === 'create' ? '新增' : row.action === 'update' ? '更新' : '不导入',
                  ].map((value, index) => (
                    <td
                      key={index}
                      style={{ border: '1px solid var(--theme-elevation-150)', padding: '4px 8px' }}
                    >
                      {value}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {preview.removed.length ? (
            <p>
              导入将清除以下单位的任务（文件中没有它们）：
              {preview.removed.map((unit) => unit.name).join('、')}
            </p>
          ) : null}
          <button
            className="btn btn--style-primary"
            disabled={isBusy || preview.problems.length > 0}
            onClick={() => void importFile()}
            // Payload's button styles do not grey a disabled button: say it plainly.
            style={
              isBusy || preview.problems.length > 0
                ? { opacity: 0.45, cursor: 'not-allowed' }
                : undefined
            }
            type="button"
          >
            导入 / Import
          </button>
        </div>
      ) : null}
    </div>
  )
}
