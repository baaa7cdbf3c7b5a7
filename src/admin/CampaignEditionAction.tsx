'use client'

import { Button, useAuth, useConfig, useDocumentInfo, useFormFields } from '@payloadcms/ui'
import React, { useState } from 'react'

import type { EditionPlan } from '../campaigns/edition'

import { callEndpoint } from '../../plugins/shared/callEndpoint'
import { useHydrated } from '../../plugins/shared/useHydrated'

const box: React.CSSProperties = {
  border: '1px solid var(--theme-elevation-150)',
  borderRadius: 4,
  padding: '0.75rem',
  marginBottom: '1rem',
}
const muted: React.CSSProperties = { color: 'var(--theme-elevation-500)', fontSize: 13 }
const input: React.CSSProperties = {
  width: '100%',
  padding: '0.35rem 0.5rem',
  border: '1px solid var(--theme-elevation-150)',
  borderRadius: 3,
  background: 'var(--theme-input-bg)',
  color: 'var(--theme-text)',
  marginBottom: '0.5rem',
}

type Answer = { ok: boolean; message: string }

/**
 * 复制为新一年度 (a campaign's sidebar): the year, an optional new start date, name, theme and
 * label; 预览 shows what the edition will hold (the name and theme then editable), 创建 makes it as
 * drafts in one transaction and links to it. The server decides who may and says why not
 * (src/campaigns/edition.ts).
 */
export const CampaignEditionAction: React.FC = () => {
  const { id } = useDocumentInfo()
  const { config } = useConfig()
  const { user } = useAuth()
  const isHydrated = useHydrated()
  const year = useFormFields(([fields]) => fields.year?.value as number | undefined)
  const [form, setForm] = useState({
    year: '',
    startDate: '',
    name: '',
    theme: '',
    label: '',
    quotas: true,
    contacts: true,
  })
  const [plan, setPlan] = useState<EditionPlan | null>(null)
  const [answer, setAnswer] = useState<Answer | null>(null)
  const [created, setCreated] = useState<number | null>(null)
  const [isBusy, setBusy] = useState(false)
  if (!id || !['admin', 'organizer'].includes((user as { role?: string } | null)?.role ?? '')) {
    return null
  }
  const api = `${config.serverURL}${config.routes.api}`
  const nextYear = form.year || (year ? String(year + 1) : '')
  const body = () => ({
    year: Number(nextYear),
    ...(form.startDate ? { startDate: form.startDate } : {}),
    ...(plan && form.name ? { name: form.name } : {}),
    ...(plan ? { theme: form.theme, label: form.label } : {}),
    quotas: form.quotas,
    contacts: form.contacts,
  })
  const preview = async () => {
    setBusy(true)
    const result = await callEndpoint({ api, path: `/campaigns/${id}/clone/preview`, body: body() })
    if (result.ok) {
      const next = result.body as unknown as EditionPlan
      setPlan(next)
      setForm((f) => ({
        ...f,
        name: next.campaign.name,
        theme: next.campaign.theme ?? '',
        label: next.campaign.label ?? '',
      }))
      setAnswer(null)
    } else {
      setAnswer(result)
    }
    setBusy(false)
  }
  const create = async () => {
    setBusy(true)
    const result = await callEndpoint({ api, path: `/campaigns/${id}/clone`, body: body() })
    setAnswer(result)
    setCreated(
      result.ok ? ((result.body.campaign as { id?: number } | undefined)?.id ?? null) : null,
    )
    setBusy(false)
  }
  const set =
    (key: keyof typeof form) =>
    (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      setForm((f) => ({
        ...f,
        [key]:
          event.target.type === 'checkbox'
            ? (event.target as HTMLInputElement).checked
            : event.target.value,
      }))
  return (
    <div style={box} data-testid="campaign-edition" data-hydrated={isHydrated || undefined}>
      <h4 style={{ marginTop: 0 }}>复制为新一年度</h4>
      <label style={muted} htmlFor="edition-year">
        年度 / Year
      </label>
      <input
        id="edition-year"
        style={input}
        inputMode="numeric"
        value={nextYear}
        onChange={set('year')}
      />
      <label style={muted} htmlFor="edition-start">
        新的开始日期（不填则按年度顺延）/ New start date
      </label>
      <input
        id="edition-start"
        style={input}
        type="date"
        value={form.startDate}
        onChange={set('startDate')}
      />
      <label style={{ ...muted, display: 'block' }}>
        <input type="checkbox" checked={form.quotas} onChange={set('quotas')} /> 复制任务表
      </label>
      <label style={{ ...muted, display: 'block', marginBottom: '0.5rem' }}>
        <input type="checkbox" checked={form.contacts} onChange={set('contacts')} />{' '}
        保留子项目联系人
      </label>
      {plan ? (
        <div data-testid="edition-plan">
          <label style={muted} htmlFor="edition-name">
            活动名称 / Name
          </label>
          <input id="edition-name" style={input} value={form.name} onChange={set('name')} />
          <label style={muted} htmlFor="edition-theme">
            主题 / Theme
          </label>
          <textarea
            id="edition-theme"
            style={{ ...input, minHeight: 60 }}
            value={form.theme}
            onChange={set('theme')}
          />
          <label style={muted} htmlFor="edition-label">
            作品标识 / Label
          </label>
          <input id="edition-label" style={input} value={form.label} onChange={set('label')} />
          <ul style={{ ...muted, paddingLeft: '1.2rem' }}>
            <li>
              活动时间：{plan.campaign.period.start?.slice(0, 10) ?? '—'} 至{' '}
              {plan.campaign.period.end?.slice(0, 10) ?? '—'}（
              {plan.shift.by === 'years'
                ? `按年度顺延 ${plan.shift.years} 年`
                : `顺延 ${plan.shift.days} 天`}
              ）
            </li>
            <li>阶段 {plan.campaign.phases.length} 个</li>
            <li>
              子项目 {plan.subProjects.length} 个（草稿）：
              {plan.subProjects.map((each) => each.title).join('、') || '—'}
            </li>
            <li>任务表 {plan.quotas.length} 行</li>
            <li>
              专栏 {plan.columns.length} 个：
              {plan.columns.map((each) => each.title).join('、') || '—'}
            </li>
            <li>
              合作网站 {plan.partnerSites.taken.length} 家：
              {plan.partnerSites.taken.map((each) => each.title).join('、') || '—'}
            </li>
          </ul>
          {plan.warnings.map((warning) => (
            <p key={warning} style={{ ...muted, color: 'var(--theme-warning-500)' }}>
              {warning}
            </p>
          ))}
        </div>
      ) : null}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem' }}>
        <Button
          buttonStyle="secondary"
          size="small"
          margin={false}
          disabled={isBusy}
          onClick={() => void preview()}
        >
          预览
        </Button>
        {plan && !created ? (
          <Button size="small" margin={false} disabled={isBusy} onClick={() => void create()}>
            创建新一年度活动（草稿）
          </Button>
        ) : null}
      </div>
      {answer ? (
        <p
          role="status"
          data-testid="edition-result"
          style={{ color: answer.ok ? 'var(--theme-success-500)' : 'var(--theme-error-500)' }}
        >
          {answer.message}
          {created ? (
            <>
              {' '}
              <a
                href={`${config.routes.admin}/collections/campaigns/${created}`}
                data-testid="edition-link"
              >
                打开新活动
              </a>
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  )
}
