'use client'

import { Button, useAuth, useConfig, useDocumentInfo } from '@payloadcms/ui'
import React, { useCallback, useEffect, useState } from 'react'

import type { ActionResult } from '../../plugins/shared/callEndpoint'

import { callEndpoint } from '../../plugins/shared/callEndpoint'
import { useHydrated } from '../../plugins/shared/useHydrated'

type Standing = {
  entry: { id: number; title: string }
  rank: number | null
  tied: boolean
  score: number | null
  raw: number | null
  normalised?: number | null
  sheets: { assigned: number; submitted: number; conflict: number }
  flags: { judge: { name: string }; total: number; othersMean: number }[]
}

type Results = {
  rankedBy: 'raw' | 'normalised'
  round: { judgesPerWork: number }
  works: Standing[]
  missing: { entry: { title: string }; submitted: number; needed: number }[]
}

const box: React.CSSProperties = {
  border: '1px solid var(--theme-elevation-150)',
  borderRadius: 4,
  padding: '0.75rem',
  marginBottom: '1rem',
}
const cell: React.CSSProperties = {
  borderBottom: '1px solid var(--theme-elevation-100)',
  padding: '4px 8px',
  textAlign: 'left',
}
const muted: React.CSSProperties = { color: 'var(--theme-elevation-500)', fontSize: 13 }

/** Organizers and the office run rounds; judges read a round's rubric only. */
const useIsOrganizer = () => {
  const { user } = useAuth()
  return ['admin', 'organizer'].includes((user as { role?: string } | null)?.role ?? '')
}

/**
 * 分配作品 (a judging round's sidebar): assigns the works that enter to K judges of the panel,
 * conflicts left out; run again, it tops up. The answer (works, sheets, each judge's load, works
 * that could not get K judges) is the server's.
 */
export const RoundActions: React.FC = () => {
  const { id } = useDocumentInfo()
  const { config } = useConfig()
  const isOrganizer = useIsOrganizer()
  const isHydrated = useHydrated()
  const [result, setResult] = useState<ActionResult | null>(null)
  const [isBusy, setBusy] = useState(false)
  if (!id || !isOrganizer) {
    return null
  }
  const assign = async () => {
    setBusy(true)
    const answer = await callEndpoint({
      api: `${config.serverURL}${config.routes.api}`,
      path: `/judging-rounds/${id}/assign`,
    })
    const body = answer.body as {
      works?: number
      sheets?: { created: number; total: number }
      load?: { judge: { name: string }; sheets: number }[]
    }
    setResult(
      answer.ok && body.works !== undefined && body.sheets
        ? {
            ...answer,
            message:
              `已分配 ${body.works} 件作品，新增评分表 ${body.sheets.created} 份（共 ${body.sheets.total} 份）；` +
              `评委工作量：${(body.load ?? []).map((l) => `${l.judge.name} ${l.sheets}`).join('、')}` +
              ` / ${body.works} works, ${body.sheets.created} new sheets (${body.sheets.total} in all)`,
          }
        : answer,
    )
    setBusy(false)
  }
  return (
    <div style={box} data-testid="round-actions" data-hydrated={isHydrated || undefined}>
      <h4 style={{ marginTop: 0 }}>分配作品</h4>
      <p style={muted}>
        每件作品分给评审组中 K
        位评委，自动回避本单位及下级单位的作品和评委本人作为作者的作品；再次分配只补足。
      </p>
      <Button size="small" margin={false} disabled={isBusy} onClick={() => void assign()}>
        分配作品
      </Button>
      {result ? (
        <p
          role="status"
          data-testid="action-result"
          style={{ color: result.ok ? 'var(--theme-success-500)' : 'var(--theme-error-500)' }}
        >
          {result.message}
        </p>
      ) : null}
    </div>
  )
}

/**
 * 评审结果 (below a round's fields): the ranking as it stands — rank (ties shown as such), the
 * score it is ranked by and the raw mean beside it, sheets submitted of assigned, and the sheets
 * far from the rest of the panel — read from `GET /api/judging-rounds/:id/results`.
 */
export const RoundResults: React.FC = () => {
  const { id } = useDocumentInfo()
  const { config } = useConfig()
  const isOrganizer = useIsOrganizer()
  const [results, setResults] = useState<Results | null>(null)
  const [error, setError] = useState<string | null>(null)
  const load = useCallback(async () => {
    const res = await fetch(
      `${config.serverURL}${config.routes.api}/judging-rounds/${id}/results`,
      {
        credentials: 'include',
      },
    )
    const body = await res.json().catch(() => ({}))
    if (res.ok) {
      setResults(body as Results)
      setError(null)
    } else {
      setError(body.errors?.[0]?.message ?? `请求失败（${res.status}）`)
    }
  }, [config.routes.api, config.serverURL, id])
  useEffect(() => {
    if (id && isOrganizer) {
      void load()
    }
  }, [id, isOrganizer, load])
  if (!id || !isOrganizer) {
    return null
  }
  return (
    <section style={box} data-testid="round-results">
      <h4 style={{ marginTop: 0 }}>
        评审结果 <span style={muted}>Results</span>
      </h4>
      {error ? <p style={{ color: 'var(--theme-error-500)' }}>{error}</p> : null}
      {results ? (
        <>
          <p style={muted}>
            排名依据：{results.rankedBy === 'normalised' ? '标准化得分（z 分数）' : '原始平均分'}
            ；并列名次如实显示；偏离评审组较远的评分标为“离散”。
          </p>
          <table style={{ borderCollapse: 'collapse', width: '100%' }}>
            <thead>
              <tr>
                <th style={cell}>名次</th>
                <th style={cell}>作品</th>
                <th style={cell}>得分</th>
                <th style={cell}>原始平均分</th>
                <th style={cell}>已评 / 应评</th>
                <th style={cell}>离散</th>
              </tr>
            </thead>
            <tbody>
              {results.works.map((work) => (
                <tr key={work.entry.id} data-testid="result-row">
                  <td style={cell}>
                    {work.rank ?? '—'}
                    {work.tied ? '（并列）' : ''}
                  </td>
                  <td style={cell}>{work.entry.title}</td>
                  <td style={cell}>{work.score ?? '—'}</td>
                  <td style={cell}>{work.raw ?? '—'}</td>
                  <td style={cell}>
                    {work.sheets.submitted} / {results.round.judgesPerWork}
                  </td>
                  <td style={cell}>
                    {work.flags
                      .map(
                        (flag) => `${flag.judge.name} ${flag.total}（其他均分 ${flag.othersMean}）`,
                      )
                      .join('；')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {results.missing.length ? (
            <p style={muted}>尚缺评分：{results.missing.map((m) => m.entry.title).join('、')}</p>
          ) : null}
          <Button buttonStyle="secondary" size="small" onClick={() => void load()}>
            刷新
          </Button>
        </>
      ) : null}
    </section>
  )
}
