'use client'

import { Button, useAuth, useConfig } from '@payloadcms/ui'
import React, { useState } from 'react'

import type { Screening } from '../moderation/sensitiveWords'

import { useHydrated } from '../../plugins/shared/useHydrated'

const box: React.CSSProperties = {
  border: '1px solid var(--theme-elevation-150)',
  borderRadius: 4,
  padding: '0.75rem 1rem',
  marginBottom: '1rem',
}
const muted: React.CSSProperties = { color: 'var(--theme-elevation-500)', fontSize: 13 }
const input: React.CSSProperties = {
  width: '100%',
  padding: '0.5rem',
  border: '1px solid var(--theme-elevation-150)',
  borderRadius: 4,
  background: 'var(--theme-input-bg)',
  color: 'var(--theme-text)',
  fontFamily: 'inherit',
}

const outcomes: Record<Screening['outcome'], string> = {
  block: '拒收：含屏蔽词',
  hold: '转人工审核：含待审词',
  replace: '可发布：替换词已显示为＊',
  pass: '可发布：未命中敏感词',
}
const actions = { block: '屏蔽', hold: '待审', replace: '替换' }

/**
 * Above the sensitive-word list: 检测文字 (every staff member, the moderators' “test this text”
 * box: what a window would do with a text, under a campaign's list or the base list alone) and
 * 批量导入 (the office and the organizers: a CSV or XLSX of 词语, 处理方式, 备注, previewed first).
 */
export const WordListTools: React.FC = () => {
  const { config } = useConfig()
  const { user } = useAuth()
  const isHydrated = useHydrated()
  const api = `${config.serverURL}${config.routes.api}`
  const [text, setText] = useState('')
  const [campaign, setCampaign] = useState('')
  const [screening, setScreening] = useState<Screening | null>(null)
  const [file, setFile] = useState<File | null>(null)
  const [answer, setAnswer] = useState<{ ok: boolean; message: string } | null>(null)
  const [isBusy, setBusy] = useState(false)
  const role = (user as { role?: string } | null)?.role
  const mayImport = role === 'admin' || role === 'organizer'

  const errorOf = async (res: Response) => {
    const body = (await res.json().catch(() => ({}))) as {
      errors?: { message?: string }[]
      problems?: { row: number; message: string }[]
    }
    const rows = (body.problems ?? []).map((p) => `第 ${p.row} 行：${p.message}`).join('；')
    return `${body.errors?.[0]?.message ?? `请求失败（${res.status}）`}${rows ? `。${rows}` : ''}`
  }

  const test = async () => {
    setBusy(true)
    const res = await fetch(`${api}/sensitive-words/test`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text, ...(campaign ? { campaign } : {}) }),
    })
    if (res.ok) {
      setScreening((await res.json()) as Screening)
      setAnswer(null)
    } else {
      setScreening(null)
      setAnswer({ ok: false, message: await errorOf(res) })
    }
    setBusy(false)
  }

  const upload = async (dryRun: boolean) => {
    if (!file) {
      return
    }
    setBusy(true)
    const form = new FormData()
    if (campaign) {
      form.append('campaign', campaign)
    }
    form.append('dryRun', String(dryRun))
    form.append('file', file)
    const res = await fetch(`${api}/sensitive-words/import`, {
      method: 'POST',
      credentials: 'include',
      body: form,
    })
    if (res.ok) {
      const counts = (await res.json()) as { words: number; created: number; updated: number }
      setAnswer({
        ok: true,
        message: `${dryRun ? '预览：将' : '已'}导入 ${counts.words} 个词：新增 ${counts.created}，修改 ${counts.updated}`,
      })
      if (!dryRun) {
        window.setTimeout(() => window.location.reload(), 1200)
      }
    } else {
      setAnswer({ ok: false, message: await errorOf(res) })
    }
    setBusy(false)
  }

  return (
    <div style={box} data-testid="word-list-tools" data-hydrated={isHydrated || undefined}>
      <h4 style={{ marginTop: 0 }}>检测文字</h4>
      <p style={{ ...muted, marginTop: 0 }}>
        按全国基础词库（填写活动编号则加上该活动词库）检测一段文字，看互动窗口会怎样处理。
      </p>
      <label style={muted} htmlFor="word-campaign">
        主题活动编号（可不填）
      </label>
      <input
        id="word-campaign"
        data-testid="word-campaign"
        style={{ ...input, maxWidth: 160, display: 'block', marginBottom: 8 }}
        value={campaign}
        inputMode="numeric"
        onChange={(event) => setCampaign(event.target.value.replace(/\D/g, ''))}
      />
      <label style={muted} htmlFor="word-text">
        待检测文字
      </label>
      <textarea
        id="word-text"
        data-testid="word-text"
        rows={3}
        style={input}
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <Button buttonStyle="secondary" disabled={!text || isBusy} onClick={() => void test()}>
        检测
      </Button>
      {screening ? (
        <div data-testid="word-screening" data-outcome={screening.outcome}>
          <strong>{outcomes[screening.outcome]}</strong>
          {screening.hits.length ? (
            <ul>
              {screening.hits.map((hit) => (
                <li key={`${hit.start}-${hit.word}`}>
                  「{hit.written}」命中「{hit.word}」（{actions[hit.action]}）
                </li>
              ))}
            </ul>
          ) : null}
          <p style={muted}>显示为：{screening.text}</p>
        </div>
      ) : null}
      {mayImport ? (
        <>
          <h4>批量导入</h4>
          <p style={{ ...muted, marginTop: 0 }}>
            CSV（UTF-8）或 XLSX，每行：词语, 处理方式（屏蔽／待审／替换）,
            备注。不填活动编号即导入全国基础词库；有任何一行无法读取则不导入。
          </p>
          <input
            type="file"
            data-testid="word-file"
            accept=".csv,.xlsx,text/csv"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
          <div style={{ display: 'flex', gap: 8 }}>
            <Button
              buttonStyle="secondary"
              disabled={!file || isBusy}
              onClick={() => void upload(true)}
            >
              预览
            </Button>
            <Button disabled={!file || isBusy} onClick={() => void upload(false)}>
              导入
            </Button>
          </div>
        </>
      ) : null}
      {answer ? (
        <p
          role="status"
          data-testid="word-answer"
          style={{ color: answer.ok ? 'var(--theme-success-500)' : 'var(--theme-error-500)' }}
        >
          {answer.message}
        </p>
      ) : null}
    </div>
  )
}
