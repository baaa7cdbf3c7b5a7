'use client'

import { Button } from '@payloadcms/ui'
import { useRouter } from 'next/navigation.js'
import React, { useEffect, useState } from 'react'

export type Criterion = { name: string; weight: number; maxScore: number; guidance?: string | null }

type Props = {
  api: string
  sheetId: number
  criteria: Criterion[]
  scores: Record<string, number | null>
  comment: string
  /** Open round, inside its window, sheet still to score: the judge may type. */
  isEditable: boolean
  /** The next sheet still to score, to go on to after submitting. */
  nextHref?: string
}

type Message = { ok: boolean; text: string }

/** The server's message (Chinese first), or one of ours when the answer carries none. */
const messageOf = async (res: Response, fallback: string): Promise<string> => {
  const body = (await res.json().catch(() => ({}))) as {
    message?: string
    errors?: { message?: string; data?: { errors?: { message?: string }[] } }[]
  }
  if (res.ok) {
    return body.message ?? fallback
  }
  const first = body.errors?.[0]
  // The field errors, unless the message already spells them out (clear-errors does).
  const detail = (first?.data?.errors ?? [])
    .map((e) => e.message)
    .filter((text): text is string => Boolean(text) && !first?.message?.includes(text!))
  return (
    [first?.message, ...detail].filter(Boolean).join('；') ||
    `请求失败（${res.status}） / request failed (${res.status})`
  )
}

/**
 * The rubric form of the judge's scoring page: one score per criterion (0 to its maximum), a
 * comment, 保存 (keeps a draft) and 提交 (locks the sheet). The server checks every score again
 * and answers in Chinese then English; its answer is shown as it is.
 */
export const ScoreSheetForm: React.FC<Props> = ({
  api,
  sheetId,
  criteria,
  scores: initialScores,
  comment: initialComment,
  isEditable,
  nextHref,
}) => {
  const router = useRouter()
  const [scores, setScores] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      criteria.map((c) => [
        c.name,
        initialScores[c.name] === null || initialScores[c.name] === undefined
          ? ''
          : String(initialScores[c.name]),
      ]),
    ),
  )
  const [comment, setComment] = useState(initialComment)
  const [message, setMessage] = useState<Message | null>(null)
  const [isBusy, setBusy] = useState(false)
  const [isConfirming, setConfirming] = useState(false)
  const [isHydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])

  const totalWeight = criteria.reduce((sum, c) => sum + c.weight * c.maxScore, 0)
  const typed = criteria.map((c) => ({
    c,
    value: scores[c.name] === '' ? null : Number(scores[c.name]),
  }))
  const isComplete = typed.every(({ value }) => value !== null && Number.isFinite(value))
  const total =
    isComplete && totalWeight > 0
      ? (typed.reduce((sum, { c, value }) => sum + c.weight * (value ?? 0), 0) / totalWeight) * 100
      : null

  const save = async (): Promise<boolean> => {
    const res = await fetch(`${api}/score-sheets/${sheetId}`, {
      method: 'PATCH',
      credentials: 'include',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        scores: typed
          .filter(({ value }) => value !== null)
          .map(({ c, value }) => ({ criterion: c.name, score: value })),
        comment,
      }),
    })
    const text = await messageOf(res, '已保存 / saved')
    setMessage({ ok: res.ok, text: res.ok ? '已保存 / saved' : text })
    return res.ok
  }

  const onSave = async () => {
    setBusy(true)
    setMessage(null)
    if (await save()) {
      router.refresh()
    }
    setBusy(false)
  }

  const onSubmit = async () => {
    setBusy(true)
    setMessage(null)
    setConfirming(false)
    if (await save()) {
      const res = await fetch(`${api}/score-sheets/${sheetId}/submit`, {
        method: 'POST',
        credentials: 'include',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      })
      const text = await messageOf(res, '已提交 / submitted')
      setMessage({ ok: res.ok, text })
      if (res.ok) {
        router.refresh()
      }
    }
    setBusy(false)
  }

  return (
    <form
      data-testid="score-sheet-form"
      data-hydrated={isHydrated || undefined}
      onSubmit={(event) => event.preventDefault()}
      style={{ display: 'grid', gap: 12 }}
    >
      <table style={{ borderCollapse: 'collapse', width: '100%' }}>
        <thead>
          <tr>
            <th style={th}>评分项 / Criterion</th>
            <th style={th}>权重</th>
            <th style={th}>满分</th>
            <th style={th}>得分 / Score</th>
          </tr>
        </thead>
        <tbody>
          {criteria.map((c) => (
            <tr key={c.name}>
              <td style={td}>
                <label htmlFor={`score-${c.name}`} style={{ fontWeight: 600 }}>
                  {c.name}
                </label>
                {c.guidance ? <div style={muted}>{c.guidance}</div> : null}
              </td>
              <td style={td}>{c.weight}</td>
              <td style={td}>{c.maxScore}</td>
              <td style={td}>
                <input
                  id={`score-${c.name}`}
                  name={c.name}
                  type="number"
                  inputMode="decimal"
                  min={0}
                  max={c.maxScore}
                  step="any"
                  value={scores[c.name] ?? ''}
                  disabled={!isEditable || isBusy}
                  onChange={(event) => setScores({ ...scores, [c.name]: event.target.value })}
                  style={{ width: 96, padding: '4px 6px', fontSize: 16 }}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div data-testid="score-total">
        加权总分（百分制）/ Weighted total:{' '}
        <strong>{total === null ? '—' : (Math.round(total * 100) / 100).toFixed(2)}</strong>
      </div>
      <label style={{ display: 'grid', gap: 4 }}>
        <span>评语 / Comment</span>
        <textarea
          name="comment"
          rows={4}
          value={comment}
          disabled={!isEditable || isBusy}
          onChange={(event) => setComment(event.target.value)}
          style={{ width: '100%', padding: 8, fontSize: 15 }}
        />
      </label>
      {isEditable ? (
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center' }}>
          <Button
            buttonStyle="secondary"
            margin={false}
            disabled={isBusy}
            onClick={() => void onSave()}
          >
            保存
          </Button>
          {isConfirming ? (
            <>
              <span>提交后不能再修改，确定提交吗？</span>
              <Button margin={false} disabled={isBusy} onClick={() => void onSubmit()}>
                确定提交
              </Button>
              <Button buttonStyle="secondary" margin={false} onClick={() => setConfirming(false)}>
                取消
              </Button>
            </>
          ) : (
            <Button
              margin={false}
              disabled={isBusy || !isComplete}
              onClick={() => setConfirming(true)}
            >
              提交
            </Button>
          )}
        </div>
      ) : null}
      {message ? (
        <p
          role="status"
          data-testid="score-message"
          style={{
            margin: 0,
            color: message.ok ? 'var(--theme-success-500)' : 'var(--theme-error-500)',
          }}
        >
          {message.text}
        </p>
      ) : null}
      {!isEditable && nextHref ? (
        <a href={nextHref} data-testid="next-to-score">
          下一件待评作品 / Next work to score →
        </a>
      ) : null}
    </form>
  )
}

const th: React.CSSProperties = {
  textAlign: 'left',
  borderBottom: '1px solid var(--theme-elevation-150)',
  padding: '6px 8px',
  fontWeight: 600,
}
const td: React.CSSProperties = {
  borderBottom: '1px solid var(--theme-elevation-100)',
  padding: '6px 8px',
  verticalAlign: 'top',
}
const muted: React.CSSProperties = { color: 'var(--theme-elevation-500)', fontSize: 13 }
