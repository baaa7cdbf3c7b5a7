'use client'

import { Button, useConfig } from '@payloadcms/ui'
import React, { useCallback, useEffect, useState } from 'react'

import type { Readiness } from '../campaigns/readiness'
import type {
  Campaign,
  Column,
  Contact,
  Organizer,
  PartnerSite,
  SubProject,
} from '../payload-types'

import { useHydrated } from '../../plugins/shared/useHydrated'

type Option = { value: string; label: string }

const page: React.CSSProperties = { padding: '1.5rem 2rem', maxWidth: 960 }
const card: React.CSSProperties = {
  border: '1px solid var(--theme-elevation-150)',
  borderRadius: 4,
  padding: '1rem',
  marginBottom: '1rem',
}
const input: React.CSSProperties = {
  width: '100%',
  padding: '0.4rem 0.5rem',
  border: '1px solid var(--theme-elevation-150)',
  borderRadius: 3,
  background: 'var(--theme-input-bg)',
  color: 'var(--theme-text)',
  marginBottom: '0.6rem',
}
const muted: React.CSSProperties = { color: 'var(--theme-elevation-500)', fontSize: 13 }
const row: React.CSSProperties = { display: 'flex', gap: '0.75rem', flexWrap: 'wrap' }

const steps = [
  { key: 'basics', title: '基本信息' },
  { key: 'phases', title: '阶段和截止日期' },
  { key: 'calls', title: '子项目和作品要求' },
  { key: 'participants', title: '参与单位和任务表' },
  { key: 'contacts', title: '联系人和工作组' },
  { key: 'columns', title: '合作网站和专栏' },
  { key: 'review', title: '检查并开始' },
] as const

/** A stored date as its day in Beijing (the campaign's default zone), for a date input. */
const dayOf = (iso: string | null | undefined) =>
  iso ? new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(iso)) : ''

/** A date input's day as the admin's own day picker stores it: noon UTC, the same day everywhere in China. */
const storedDay = (day: string) => (day ? `${day}T12:00:00.000Z` : null)

type Answer = { ok: boolean; message: string }

/**
 * 设置向导: a campaign set up step by step — basics, phases and deadlines, sub-projects (from an
 * earlier campaign's as a template, or new) with their kinds of work, participants and the task
 * table, contacts and the working group, partner sites' columns — and the 开始前检查 with 开始活动 at
 * the end. Each step saves through the REST API and shows the server's refusal (Chinese first)
 * before it moves on; nothing is kept only here.
 */
export const CampaignSetup: React.FC<{
  campaignId: number
  kinds: Option[]
  mediaKinds: Option[]
  channels: Option[]
}> = ({ campaignId, kinds, mediaKinds, channels }) => {
  const { config } = useConfig()
  const isHydrated = useHydrated()
  const api = `${config.serverURL}${config.routes.api}`
  const [step, setStep] = useState(0)
  const [answer, setAnswer] = useState<Answer | null>(null)
  const [isBusy, setBusy] = useState(false)
  const [campaign, setCampaign] = useState<Campaign | null>(null)
  const [calls, setCalls] = useState<SubProject[]>([])
  const [templates, setTemplates] = useState<SubProject[]>([])
  const [units, setUnits] = useState<Organizer[]>([])
  const [contacts, setContacts] = useState<Contact[]>([])
  const [sites, setSites] = useState<PartnerSite[]>([])
  const [columns, setColumns] = useState<Column[]>([])
  const [readiness, setReadiness] = useState<Readiness | null>(null)

  const get = useCallback(
    async <T,>(path: string): Promise<T> => {
      const res = await fetch(`${api}${path}`, { credentials: 'include' })
      return (await res.json()) as T
    },
    [api],
  )
  const reload = useCallback(async () => {
    const of = `where[campaign][equals]=${campaignId}`
    const [c, own, others, u, k, s, col, r] = await Promise.all([
      get<Campaign>(`/campaigns/${campaignId}?depth=0&draft=true`),
      get<{ docs: SubProject[] }>(`/sub-projects?${of}&draft=true&depth=0&limit=100&sort=id`),
      get<{ docs: SubProject[] }>(
        `/sub-projects?where[campaign][not_equals]=${campaignId}&depth=1&limit=100&sort=-createdAt`,
      ),
      get<{ docs: Organizer[] }>('/organizers?depth=0&limit=500&sort=name'),
      get<{ docs: Contact[] }>('/contacts?depth=0&limit=500&sort=name'),
      get<{ docs: PartnerSite[] }>('/partner-sites?depth=0&limit=300&sort=name'),
      get<{ docs: Column[] }>(`/columns?${of}&depth=0&limit=200`),
      get<Readiness>(`/campaigns/${campaignId}/readiness`),
    ])
    setCampaign(c)
    setCalls(own.docs ?? [])
    setTemplates(others.docs ?? [])
    setUnits(u.docs ?? [])
    setContacts(k.docs ?? [])
    setSites(s.docs ?? [])
    setColumns(col.docs ?? [])
    setReadiness(r)
  }, [campaignId, get])
  useEffect(() => {
    void reload()
  }, [reload])

  /** Sends a write; on success reloads and, when asked, moves to the next step. */
  const send = async (
    method: 'POST' | 'PATCH',
    path: string,
    body: unknown,
    { next = false, done = '已保存 / saved' }: { next?: boolean; done?: string } = {},
  ) => {
    setBusy(true)
    const res = await fetch(`${api}${path}`, {
      method,
      credentials: 'include',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
    const json = (await res.json().catch(() => ({}))) as { errors?: { message?: string }[] }
    setBusy(false)
    if (!res.ok) {
      setAnswer({
        ok: false,
        message: json.errors?.[0]?.message ?? `请求失败（${res.status}） / request failed`,
      })
      return false
    }
    setAnswer({ ok: true, message: done })
    await reload()
    if (next) {
      setStep((s) => Math.min(s + 1, steps.length - 1))
    }
    return true
  }

  if (!campaign) {
    return (
      <div style={page} data-testid="campaign-setup">
        载入中… / loading…
      </div>
    )
  }
  const current = steps[step]!
  const go = (to: number) => {
    setAnswer(null)
    setStep(to)
  }
  return (
    <div style={page} data-testid="campaign-setup" data-hydrated={isHydrated || undefined}>
      <h2 style={{ marginTop: 0 }}>设置向导 · {campaign.name}</h2>
      <ol style={{ ...row, listStyle: 'none', paddingLeft: 0, marginBottom: '1rem' }}>
        {steps.map((each, index) => (
          <li key={each.key}>
            <button
              type="button"
              onClick={() => go(index)}
              data-testid={`setup-step-${each.key}`}
              aria-current={index === step ? 'step' : undefined}
              style={{
                border: 'none',
                background:
                  index === step ? 'var(--theme-elevation-800)' : 'var(--theme-elevation-100)',
                color: index === step ? 'var(--theme-elevation-0)' : 'var(--theme-text)',
                borderRadius: 12,
                padding: '0.25rem 0.75rem',
                cursor: 'pointer',
              }}
            >
              {index + 1}. {each.title}
            </button>
          </li>
        ))}
      </ol>
      <div style={card} data-testid={`setup-card-${current.key}`}>
        <h3 style={{ marginTop: 0 }}>{current.title}</h3>
        {current.key === 'basics' ? (
          <Basics
            campaign={campaign}
            units={units}
            isBusy={isBusy}
            onSave={(data) => send('PATCH', `/campaigns/${campaignId}`, data, { next: true })}
          />
        ) : null}
        {current.key === 'phases' ? (
          <Phases
            campaign={campaign}
            calls={calls}
            isBusy={isBusy}
            onSave={(phases, next) =>
              send('PATCH', `/campaigns/${campaignId}`, { phases }, { next })
            }
          />
        ) : null}
        {current.key === 'calls' ? (
          <Calls
            calls={calls}
            templates={templates}
            kinds={kinds}
            mediaKinds={mediaKinds}
            isBusy={isBusy}
            onAdd={(call) =>
              send(
                'POST',
                '/sub-projects',
                { ...call, campaign: campaignId, _status: 'published' },
                { done: `已添加子项目“${call.name}” / call added` },
              )
            }
            onNext={() => go(step + 1)}
          />
        ) : null}
        {current.key === 'participants' ? (
          <Participants
            campaign={campaign}
            units={units}
            isBusy={isBusy}
            progressHref={`${config.routes.admin}/collections/campaigns/${campaignId}/progress`}
            onSave={(participants) =>
              send('PATCH', `/campaigns/${campaignId}`, { participants }, { next: true })
            }
          />
        ) : null}
        {current.key === 'contacts' ? (
          <Contacts
            calls={calls}
            contacts={contacts}
            units={units}
            isBusy={isBusy}
            onSave={(call, chosen) => send('PATCH', `/sub-projects/${call}`, { contacts: chosen })}
            onNext={() => go(step + 1)}
          />
        ) : null}
        {current.key === 'columns' ? (
          <Columns
            campaign={campaign}
            columns={columns}
            sites={sites}
            channels={channels}
            isBusy={isBusy}
            onAdd={(column) =>
              send(
                'POST',
                '/columns',
                { ...column, campaign: campaignId },
                { done: `已添加专栏“${column.title}” / column added` },
              )
            }
            onNext={() => go(step + 1)}
          />
        ) : null}
        {current.key === 'review' ? (
          <Review
            readiness={readiness}
            status={campaign.status}
            isBusy={isBusy}
            onOpen={() =>
              send(
                'PATCH',
                `/campaigns/${campaignId}`,
                { status: 'active' },
                { done: '活动已开始（进行中） / the campaign is open' },
              )
            }
          />
        ) : null}
      </div>
      {answer ? (
        <p
          role="status"
          data-testid="setup-result"
          style={{ color: answer.ok ? 'var(--theme-success-500)' : 'var(--theme-error-500)' }}
        >
          {answer.message}
        </p>
      ) : null}
      <p style={muted}>
        每一步保存后即生效；可随时回到任一步修改，或在“编辑”中修改全部字段。 / Each step saves as
        you go.
      </p>
    </div>
  )
}

const Field: React.FC<{ label: string; id: string; children: React.ReactNode }> = ({
  label,
  id,
  children,
}) => (
  <div style={{ flex: '1 1 200px' }}>
    <label style={muted} htmlFor={id}>
      {label}
    </label>
    {children}
  </div>
)

const Basics: React.FC<{
  campaign: Campaign
  units: Organizer[]
  isBusy: boolean
  onSave: (data: Partial<Campaign>) => void
}> = ({ campaign, units, isBusy, onSave }) => {
  const [hosts, setHosts] = useState<string[]>(
    (campaign.hosts ?? []).map((each) => String(typeof each === 'object' ? each.id : each)),
  )
  const [name, setName] = useState(campaign.name)
  const [year, setYear] = useState(String(campaign.year))
  const [theme, setTheme] = useState(campaign.theme ?? '')
  const [label, setLabel] = useState(campaign.label ?? '')
  const [start, setStart] = useState(dayOf(campaign.period?.start))
  const [end, setEnd] = useState(dayOf(campaign.period?.end))
  const [problem, setProblem] = useState('')
  const save = () => {
    if (!name.trim() || !/^\d{4}$/.test(year) || !start || !end || hosts.length === 0) {
      setProblem(
        '请填写活动名称、年度、活动时间和主办单位 / name, year, period and hosts are required',
      )
      return
    }
    if (end < start) {
      setProblem('结束日期早于开始日期 / the end is before the start')
      return
    }
    setProblem('')
    onSave({
      name,
      year: Number(year),
      theme,
      label,
      period: { start: storedDay(start), end: storedDay(end) },
      hosts: hosts.map(Number),
    })
  }
  return (
    <>
      <Field label="活动名称" id="setup-name">
        <input
          id="setup-name"
          style={input}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </Field>
      <div style={row}>
        <Field label="年度" id="setup-year">
          <input
            id="setup-year"
            style={input}
            value={year}
            onChange={(e) => setYear(e.target.value)}
          />
        </Field>
        <Field label="作品标识" id="setup-label">
          <input
            id="setup-label"
            style={input}
            value={label}
            onChange={(e) => setLabel(e.target.value)}
          />
        </Field>
      </div>
      <Field label="主题" id="setup-theme">
        <textarea
          id="setup-theme"
          style={{ ...input, minHeight: 60 }}
          value={theme}
          onChange={(e) => setTheme(e.target.value)}
        />
      </Field>
      <div style={row}>
        <Field label="开始日期" id="setup-start">
          <input
            id="setup-start"
            type="date"
            style={input}
            value={start}
            onChange={(e) => setStart(e.target.value)}
          />
        </Field>
        <Field label="结束日期" id="setup-end">
          <input
            id="setup-end"
            type="date"
            style={input}
            value={end}
            onChange={(e) => setEnd(e.target.value)}
          />
        </Field>
      </div>
      <Field label="主办单位（可多选；活动组织者只能以本单位主办）" id="setup-hosts">
        <select
          id="setup-hosts"
          multiple
          style={{ ...input, minHeight: 120 }}
          value={hosts}
          onChange={(e) => setHosts(Array.from(e.target.selectedOptions, (option) => option.value))}
        >
          {units.map((unit) => (
            <option key={unit.id} value={String(unit.id)}>
              {unit.name}
            </option>
          ))}
        </select>
      </Field>
      {problem ? <p style={{ color: 'var(--theme-error-500)' }}>{problem}</p> : null}
      <Button size="small" margin={false} disabled={isBusy} onClick={save}>
        保存并下一步
      </Button>
    </>
  )
}

type PhaseDraft = { name: string; start: string; end: string; deadline: string; due: string }

const Phases: React.FC<{
  campaign: Campaign
  calls: SubProject[]
  isBusy: boolean
  onSave: (phases: NonNullable<Campaign['phases']>, next: boolean) => void
}> = ({ campaign, isBusy, onSave }) => {
  const stored = campaign.phases ?? []
  const [draft, setDraft] = useState<PhaseDraft>({
    name: '',
    start: '',
    end: '',
    deadline: '',
    due: '',
  })
  const [problem, setProblem] = useState('')
  const set = (key: keyof PhaseDraft) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }))
  const add = () => {
    if (!draft.name.trim()) {
      setProblem('请填写阶段名称 / the phase needs a name')
      return
    }
    if ((draft.deadline && !draft.due.trim()) || (!draft.deadline && draft.due.trim())) {
      setProblem('截止事项须同时填写日期和内容 / a deadline needs both its date and what is due')
      return
    }
    setProblem('')
    onSave(
      [
        ...stored,
        {
          name: draft.name,
          start: storedDay(draft.start),
          end: storedDay(draft.end),
          deadlines: draft.deadline ? [{ date: storedDay(draft.deadline)!, due: draft.due }] : [],
        },
      ],
      false,
    )
    setDraft({ name: '', start: '', end: '', deadline: '', due: '' })
  }
  return (
    <>
      <ul data-testid="setup-phases">
        {stored.map((phase) => (
          <li key={phase.id ?? phase.name}>
            {phase.name}：{dayOf(phase.start) || '…'} 至 {dayOf(phase.end) || '…'}
            {(phase.deadlines ?? []).map((deadline) => (
              <span key={deadline.id ?? deadline.due} style={muted}>
                {' '}
                · {dayOf(deadline.date)} 前{deadline.due}
              </span>
            ))}
          </li>
        ))}
        {stored.length === 0 ? <li style={muted}>还没有阶段 / no phase yet</li> : null}
      </ul>
      <div style={row}>
        <Field label="阶段名称" id="setup-phase-name">
          <input id="setup-phase-name" style={input} value={draft.name} onChange={set('name')} />
        </Field>
        <Field label="开始" id="setup-phase-start">
          <input
            id="setup-phase-start"
            type="date"
            style={input}
            value={draft.start}
            onChange={set('start')}
          />
        </Field>
        <Field label="结束" id="setup-phase-end">
          <input
            id="setup-phase-end"
            type="date"
            style={input}
            value={draft.end}
            onChange={set('end')}
          />
        </Field>
      </div>
      <div style={row}>
        <Field label="截止日期（可选）" id="setup-phase-deadline">
          <input
            id="setup-phase-deadline"
            type="date"
            style={input}
            value={draft.deadline}
            onChange={set('deadline')}
          />
        </Field>
        <Field label="报送内容" id="setup-phase-due">
          <input id="setup-phase-due" style={input} value={draft.due} onChange={set('due')} />
        </Field>
      </div>
      {problem ? <p style={{ color: 'var(--theme-error-500)' }}>{problem}</p> : null}
      <div style={row}>
        <Button buttonStyle="secondary" size="small" margin={false} disabled={isBusy} onClick={add}>
          添加阶段
        </Button>
        <Button size="small" margin={false} disabled={isBusy} onClick={() => onSave(stored, true)}>
          下一步
        </Button>
      </div>
    </>
  )
}

type CallDraft = {
  name: string
  kind: string
  mediaKinds: string[]
  deadline: string
  description: string
}

const Calls: React.FC<{
  calls: SubProject[]
  templates: SubProject[]
  kinds: Option[]
  mediaKinds: Option[]
  isBusy: boolean
  onAdd: (call: Record<string, unknown> & { name: string }) => Promise<boolean>
  onNext: () => void
}> = ({ calls, templates, kinds, mediaKinds, isBusy, onAdd, onNext }) => {
  const empty: CallDraft = {
    name: '',
    kind: kinds[0]?.value ?? 'other',
    mediaKinds: [],
    deadline: '',
    description: '',
  }
  const [draft, setDraft] = useState<CallDraft>(empty)
  const [template, setTemplate] = useState('')
  const [problem, setProblem] = useState('')
  const fromTemplate = (id: string) => {
    setTemplate(id)
    const chosen = templates.find((each) => String(each.id) === id)
    if (chosen) {
      setDraft({
        name: chosen.name,
        kind: chosen.kind,
        mediaKinds: (chosen.spec?.mediaKinds ?? []) as string[],
        deadline: '',
        description: chosen.description ?? '',
      })
    }
  }
  const add = async () => {
    if (!draft.name.trim() || draft.mediaKinds.length === 0 || !draft.deadline) {
      setProblem(
        '请填写子项目名称、作品类型和截止日期 / name, kinds of work and deadline are required',
      )
      return
    }
    setProblem('')
    const chosen = templates.find((each) => String(each.id) === template)
    // A template's whole 作品要求 comes along (formats, durations, declarations …), without its row ids.
    const spec = chosen?.spec
      ? (JSON.parse(
          JSON.stringify(chosen.spec, (key, value: unknown) => (key === 'id' ? undefined : value)),
        ) as Record<string, unknown>)
      : {}
    const isAdded = await onAdd({
      name: draft.name,
      kind: draft.kind,
      description: draft.description || undefined,
      deadline: storedDay(draft.deadline),
      spec: { ...spec, mediaKinds: draft.mediaKinds },
    })
    if (isAdded) {
      setDraft(empty)
      setTemplate('')
    }
  }
  return (
    <>
      <ul data-testid="setup-calls">
        {calls.map((call) => (
          <li key={call.id}>
            {call.name}（{kinds.find((k) => k.value === call.kind)?.label ?? call.kind}；
            {(call.spec?.mediaKinds ?? [])
              .map((k) => mediaKinds.find((m) => m.value === k)?.label ?? k)
              .join('、') || '未设作品类型'}
            ； 截止 {dayOf(call.deadline) || '—'}）{call._status === 'draft' ? '（草稿）' : ''}
          </li>
        ))}
        {calls.length === 0 ? <li style={muted}>还没有子项目 / no call yet</li> : null}
      </ul>
      <Field label="以往年子项目为模板（可选）" id="setup-template">
        <select
          id="setup-template"
          style={input}
          value={template}
          onChange={(e) => fromTemplate(e.target.value)}
        >
          <option value="">新建 / new</option>
          {templates.map((each) => (
            <option key={each.id} value={String(each.id)}>
              {each.name}（{typeof each.campaign === 'object' ? each.campaign.name : each.campaign}
              ）
            </option>
          ))}
        </select>
      </Field>
      <div style={row}>
        <Field label="子项目名称" id="setup-call-name">
          <input
            id="setup-call-name"
            style={input}
            value={draft.name}
            onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))}
          />
        </Field>
        <Field label="类别" id="setup-call-kind">
          <select
            id="setup-call-kind"
            style={input}
            value={draft.kind}
            onChange={(e) => setDraft((d) => ({ ...d, kind: e.target.value }))}
          >
            {kinds.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="截止日期" id="setup-call-deadline">
          <input
            id="setup-call-deadline"
            type="date"
            style={input}
            value={draft.deadline}
            onChange={(e) => setDraft((d) => ({ ...d, deadline: e.target.value }))}
          />
        </Field>
      </div>
      <div style={{ ...row, marginBottom: '0.6rem' }} role="group" aria-label="作品类型">
        <span style={muted}>作品类型：</span>
        {mediaKinds.map((k) => (
          <label key={k.value}>
            <input
              type="checkbox"
              checked={draft.mediaKinds.includes(k.value)}
              onChange={(e) =>
                setDraft((d) => ({
                  ...d,
                  mediaKinds: e.target.checked
                    ? [...d.mediaKinds, k.value]
                    : d.mediaKinds.filter((m) => m !== k.value),
                }))
              }
            />{' '}
            {k.label}
          </label>
        ))}
      </div>
      {problem ? <p style={{ color: 'var(--theme-error-500)' }}>{problem}</p> : null}
      <div style={row}>
        <Button
          buttonStyle="secondary"
          size="small"
          margin={false}
          disabled={isBusy}
          onClick={() => void add()}
        >
          添加子项目
        </Button>
        <Button size="small" margin={false} disabled={isBusy} onClick={onNext}>
          下一步
        </Button>
      </div>
    </>
  )
}

const Participants: React.FC<{
  campaign: Campaign
  units: Organizer[]
  isBusy: boolean
  progressHref: string
  onSave: (participants: number[]) => void
}> = ({ campaign, units, isBusy, progressHref, onSave }) => {
  const [chosen, setChosen] = useState<number[]>(
    (campaign.participants ?? []).map((each) => (typeof each === 'object' ? each.id : each)),
  )
  return (
    <>
      <p style={muted}>选择参与单位（主办单位及其下级单位无需选择）。任务表在“报送进度”中导入。</p>
      <div
        data-testid="setup-participants"
        style={{ maxHeight: 260, overflow: 'auto', marginBottom: '0.6rem' }}
      >
        {units.map((unit) => (
          <label key={unit.id} style={{ display: 'block' }}>
            <input
              type="checkbox"
              checked={chosen.includes(unit.id)}
              onChange={(e) =>
                setChosen((c) =>
                  e.target.checked ? [...c, unit.id] : c.filter((id) => id !== unit.id),
                )
              }
            />{' '}
            {unit.name}
          </label>
        ))}
      </div>
      <div style={row}>
        <Button size="small" margin={false} disabled={isBusy} onClick={() => onSave(chosen)}>
          保存并下一步
        </Button>
        <a href={progressHref}>导入任务表（报送进度）</a>
      </div>
    </>
  )
}

const Contacts: React.FC<{
  calls: SubProject[]
  contacts: Contact[]
  units: Organizer[]
  isBusy: boolean
  onSave: (call: number, contacts: number[]) => void
  onNext: () => void
}> = ({ calls, contacts, units, isBusy, onSave, onNext }) => {
  const unitName = (contact: Contact) => {
    const id = typeof contact.organizer === 'object' ? contact.organizer?.id : contact.organizer
    return units.find((unit) => unit.id === id)?.name ?? ''
  }
  return (
    <>
      <p style={muted}>为每个子项目选择联系人；工作组成员（组长、联络员等）在“联系人”中标注。</p>
      {calls.map((call) => {
        const chosen = (call.contacts ?? []).map((each) =>
          typeof each === 'object' ? each.id : each,
        )
        return (
          <div
            key={call.id}
            style={{ marginBottom: '0.75rem' }}
            data-testid={`setup-contacts-${call.id}`}
          >
            <strong>{call.name}</strong>
            {contacts.map((contact) => (
              <label key={contact.id} style={{ display: 'block' }}>
                <input
                  type="checkbox"
                  disabled={isBusy}
                  checked={chosen.includes(contact.id)}
                  onChange={(e) =>
                    onSave(
                      call.id,
                      e.target.checked
                        ? [...chosen, contact.id]
                        : chosen.filter((id) => id !== contact.id),
                    )
                  }
                />{' '}
                {contact.name}（{unitName(contact)}）
              </label>
            ))}
          </div>
        )
      })}
      {contacts.length === 0 ? <p style={muted}>还没有联系人 / no contacts yet</p> : null}
      <Button size="small" margin={false} disabled={isBusy} onClick={onNext}>
        下一步
      </Button>
    </>
  )
}

const Columns: React.FC<{
  campaign: Campaign
  columns: Column[]
  sites: PartnerSite[]
  channels: Option[]
  isBusy: boolean
  onAdd: (column: {
    title: string
    partnerSite: number
    channel: string
    url?: string
    hasInteractionWindow: boolean
  }) => Promise<boolean>
  onNext: () => void
}> = ({ campaign, columns, sites, channels, isBusy, onAdd, onNext }) => {
  const [site, setSite] = useState('')
  const [channel, setChannel] = useState(channels[0]?.value ?? 'pc')
  const [url, setUrl] = useState('')
  const [hasWindow, setHasWindow] = useState(true)
  const [problem, setProblem] = useState('')
  const siteName = (id: number | PartnerSite) =>
    typeof id === 'object' ? id.name : (sites.find((s) => s.id === id)?.name ?? String(id))
  const add = async () => {
    const chosen = sites.find((each) => String(each.id) === site)
    if (!chosen) {
      setProblem('请选择合作网站 / choose a partner site')
      return
    }
    setProblem('')
    if (
      await onAdd({
        title: `${chosen.name}·${campaign.name}`,
        partnerSite: chosen.id,
        channel,
        url: url || undefined,
        hasInteractionWindow: hasWindow,
      })
    ) {
      setSite('')
      setUrl('')
    }
  }
  return (
    <>
      <ul data-testid="setup-columns">
        {columns.map((column) => (
          <li key={column.id}>
            {siteName(column.partnerSite)} ·{' '}
            {channels.find((c) => c.value === column.channel)?.label ?? column.channel}：
            {column.title}
            {column.hasInteractionWindow ? '（设互动窗口）' : ''}
          </li>
        ))}
        {columns.length === 0 ? <li style={muted}>还没有专栏 / no column yet</li> : null}
      </ul>
      <div style={row}>
        <Field label="合作网站" id="setup-column-site">
          <select
            id="setup-column-site"
            style={input}
            value={site}
            onChange={(e) => setSite(e.target.value)}
          >
            <option value="">请选择</option>
            {sites.map((each) => (
              <option key={each.id} value={String(each.id)}>
                {each.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="渠道" id="setup-column-channel">
          <select
            id="setup-column-channel"
            style={input}
            value={channel}
            onChange={(e) => setChannel(e.target.value)}
          >
            {channels.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="专栏地址（可选）" id="setup-column-url">
          <input
            id="setup-column-url"
            style={input}
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        </Field>
      </div>
      <label style={{ display: 'block', marginBottom: '0.6rem' }}>
        <input
          type="checkbox"
          checked={hasWindow}
          onChange={(e) => setHasWindow(e.target.checked)}
        />{' '}
        设互动窗口
      </label>
      {problem ? <p style={{ color: 'var(--theme-error-500)' }}>{problem}</p> : null}
      <div style={row}>
        <Button
          buttonStyle="secondary"
          size="small"
          margin={false}
          disabled={isBusy}
          onClick={() => void add()}
        >
          添加专栏
        </Button>
        <Button size="small" margin={false} disabled={isBusy} onClick={onNext}>
          下一步
        </Button>
      </div>
    </>
  )
}

const Review: React.FC<{
  readiness: Readiness | null
  status: Campaign['status']
  isBusy: boolean
  onOpen: () => void
}> = ({ readiness, status, isBusy, onOpen }) => (
  <>
    {readiness ? (
      <ul style={{ listStyle: 'none', paddingLeft: 0 }} data-testid="setup-readiness">
        {readiness.items.map((each) => (
          <li
            key={each.key}
            data-testid={`setup-readiness-${each.key}`}
            data-met={each.isMet || undefined}
          >
            {each.isMet ? '✓' : each.isRequired ? '✗' : '!'} {each.label.split(' / ')[0]}
            {each.isRequired ? '' : '（建议）'}
            {each.detail ? <span style={muted}> — {each.detail.split(' / ')[0]}</span> : null}
          </li>
        ))}
      </ul>
    ) : null}
    {status === 'draft' ? (
      <Button size="small" margin={false} disabled={isBusy} onClick={onOpen}>
        开始活动（进行中）
      </Button>
    ) : (
      <p data-testid="setup-open">活动状态：{status === 'active' ? '进行中' : status}</p>
    )}
  </>
)
