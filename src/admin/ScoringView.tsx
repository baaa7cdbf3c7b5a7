import type { AdminViewServerProps, PayloadRequest } from 'payload'

import { DefaultTemplate } from '@payloadcms/next/templates'
import { extractID } from 'payload/shared'
import React from 'react'

import type { Criterion } from './ScoreSheetForm'

import { countCharacters } from '../../plugins/submission-spec'
import { actorOf } from '../access/roles'
import { loadRound, requireScoringOpen } from '../judging/shared'
import { ScoreSheetForm } from './ScoreSheetForm'
import { Refusal } from '../lib/refusal'

/**
 * 评审打分 (`/admin/scoring`): a judge's own page. Its open rounds with how far it has got, the
 * works to score; on one work (`?sheet=<id>`) the work as the judge may see it (blind rounds
 * leave out who made and reported it: the entry is read with the judge's own access), the
 * labelled video or the photos at full size, the text with its 字数, and the rubric form;
 * previous and next. Every read is the judge's own (`overrideAccess: false`).
 */

type Sheet = {
  id: number
  round: number
  entry: number
  status: string
  total?: number | null
  comment?: string | null
  scores?: { criterion: string; score: number }[] | null
}

type Round = {
  id: number
  title?: string | null
  name: string
  status: string
  blind?: boolean | null
  opensAt?: string | null
  closesAt?: string | null
  campaign?: number | { id: number } | null
  criteria?: Criterion[] | null
}

type MediaDoc = {
  id: number
  url?: string | null
  mimeType?: string | null
  width?: number | null
  height?: number | null
}

type EntryDoc = {
  id: number
  title: string
  campaign?: number | { id: number } | null
  form?: string | null
  description?: string | null
  text?: string | null
  media?: (number | MediaDoc)[] | null
  authors?: { name: string; unit?: string | null }[] | null
  submittingUnit?: number | { id: number; name?: string } | null
}

const statusNames: Record<string, string> = {
  assigned: '待评',
  submitted: '已提交',
  conflict: '回避',
}

export const ScoringView = async (props: AdminViewServerProps) => {
  const { initPageResult, params, searchParams } = props
  const { req, permissions, visibleEntities, locale } = initPageResult
  return (
    <DefaultTemplate
      i18n={req.i18n}
      locale={locale}
      params={params}
      payload={req.payload}
      permissions={permissions}
      req={req}
      searchParams={searchParams}
      user={req.user ?? undefined}
      visibleEntities={visibleEntities}
    >
      <div style={page} data-testid="scoring-view">
        <h1 style={{ margin: 0 }}>
          评审打分<span style={english}>Scoring</span>
        </h1>
        {await renderBody(req, Number([searchParams?.sheet].flat()[0]))}
      </div>
    </DefaultTemplate>
  )
}

const renderBody = async (req: PayloadRequest, sheetId: number) => {
  const actor = actorOf(req)
  if (actor.kind !== 'judge') {
    return (
      <p style={card} data-testid="scoring-not-judge">
        此页面供评委打分。组织者在“评审轮次”中设置评审组、分配作品并查看结果。
        <br />
        <span style={muted}>
          This page is the judges’. Organizers set panels up, assign works and read the results
          under Judging rounds.
        </span>
      </p>
    )
  }
  const { payload, user } = req
  const asJudge = { overrideAccess: false, user, req } as const
  // Judges read only the open rounds whose panel they sit on: closed rounds drop out here.
  const rounds = (
    await payload.find({
      collection: 'judging-rounds',
      depth: 0,
      limit: 0,
      pagination: false,
      sort: 'id',
      ...asJudge,
    })
  ).docs as unknown as Round[]
  const sheets = rounds.length
    ? ((
        await payload.find({
          collection: 'score-sheets',
          where: { round: { in: rounds.map((r) => r.id) } },
          depth: 0,
          limit: 0,
          pagination: false,
          sort: 'id',
          ...asJudge,
        })
      ).docs as unknown as Sheet[])
    : []
  if (!sheets.length) {
    return (
      <p style={card} data-testid="scoring-empty">
        目前没有分配给您的参评作品。
        <br />
        <span style={muted}>No works are assigned to you in an open round.</span>
      </p>
    )
  }
  const titles = new Map(
    (
      await payload.find({
        collection: 'entries',
        where: { id: { in: sheets.map((s) => s.entry) } },
        depth: 0,
        limit: 0,
        pagination: false,
        select: { title: true },
        ...asJudge,
      })
    ).docs.map((doc) => [Number(doc.id), String(doc.title)]),
  )
  const selected = sheets.find((s) => s.id === sheetId)
  return (
    <>
      <SheetList rounds={rounds} sheets={sheets} titles={titles} selected={selected?.id} />
      {selected ? (
        await renderSheet(req, selected, rounds, sheets)
      ) : Number.isInteger(sheetId) && sheetId > 0 ? (
        <p style={{ ...card, color: 'var(--theme-error-500)' }} data-testid="scoring-refusal">
          这份评分表不是分配给您的，或所在评审轮次已结束。 / This score sheet is not yours, or its
          round has closed.
        </p>
      ) : null}
    </>
  )
}

const SheetList = ({
  rounds,
  sheets,
  titles,
  selected,
}: {
  rounds: Round[]
  sheets: Sheet[]
  titles: Map<number, string>
  selected?: number
}) => (
  <div style={{ display: 'grid', gap: 12, marginTop: 16 }}>
    {rounds.map((round) => {
      const own = sheets.filter((s) => s.round === round.id)
      if (!own.length) {
        return null
      }
      const done = own.filter((s) => s.status !== 'assigned').length
      return (
        <section key={round.id} style={card} data-testid="scoring-round">
          <h2 style={{ margin: '0 0 4px', fontSize: 18 }}>
            {round.title ?? round.name}
            {round.blind ? <span style={badge}>匿名评审</span> : null}
          </h2>
          <div style={muted} data-testid="scoring-progress">
            已完成 {done} / {own.length} 件 · Done {done} of {own.length}
            {round.closesAt ? ` · 截止 ${round.closesAt.slice(0, 10)}` : ''}
          </div>
          <progress value={done} max={own.length} style={{ width: '100%', marginTop: 6 }} />
          <ol style={{ margin: '8px 0 0', paddingLeft: 20 }}>
            {own.map((sheet) => (
              <li key={sheet.id} style={{ margin: '2px 0' }}>
                <a
                  href={`?sheet=${sheet.id}`}
                  aria-current={sheet.id === selected ? 'page' : undefined}
                  style={{ fontWeight: sheet.id === selected ? 700 : 400 }}
                >
                  {titles.get(sheet.entry) ?? `#${sheet.entry}`}
                </a>{' '}
                <span style={muted}>
                  {statusNames[sheet.status] ?? sheet.status}
                  {sheet.status === 'submitted' && typeof sheet.total === 'number'
                    ? ` · ${sheet.total} 分`
                    : ''}
                </span>
              </li>
            ))}
          </ol>
        </section>
      )
    })}
  </div>
)

const renderSheet = async (req: PayloadRequest, sheet: Sheet, rounds: Round[], sheets: Sheet[]) => {
  const { payload, user } = req
  const round = rounds.find((r) => r.id === sheet.round)
  if (!round) {
    return null
  }
  const entry = (await payload.findByID({
    collection: 'entries',
    id: sheet.entry,
    depth: 1,
    overrideAccess: false,
    user,
    req,
  })) as unknown as EntryDoc
  const campaignId = round.campaign ? extractID(round.campaign) : undefined
  const media = (entry.media ?? []).filter(
    (m): m is MediaDoc => typeof m === 'object' && m !== null,
  )
  const labelled = await labelledCopies(req, media, campaignId)
  const inRound = sheets.filter((s) => s.round === round.id)
  const index = inRound.findIndex((s) => s.id === sheet.id)
  const previous = inRound[index - 1]
  const next = inRound[index + 1]
  const nextToScore =
    inRound.slice(index + 1).find((s) => s.status === 'assigned') ??
    inRound.find((s) => s.status === 'assigned' && s.id !== sheet.id)
  const closed = sheet.status === 'assigned' ? await windowRefusal(req, round.id) : null
  const isEditable = sheet.status === 'assigned' && !closed
  const scores = Object.fromEntries((sheet.scores ?? []).map((s) => [s.criterion, s.score]))
  return (
    <div
      style={{
        display: 'grid',
        gridTemplateColumns: 'minmax(0, 3fr) minmax(320px, 2fr)',
        gap: 16,
        marginTop: 16,
      }}
    >
      <article style={card} data-testid="scoring-work">
        <h2 style={{ margin: '0 0 8px' }}>{entry.title}</h2>
        {entry.authors?.length || entry.submittingUnit ? (
          <div style={muted} data-testid="scoring-authors">
            作者：{(entry.authors ?? []).map((a) => a.name).join('、') || '—'}
          </div>
        ) : null}
        {media.map((m) =>
          m.mimeType?.startsWith('video/') ? (
            <video
              key={m.id}
              controls
              preload="metadata"
              src={labelled.get(m.id) ?? m.url ?? undefined}
              style={{ width: '100%', maxHeight: 540, background: '#000', marginTop: 8 }}
              data-testid="scoring-video"
            />
          ) : m.mimeType?.startsWith('image/') ? (
            <a
              key={m.id}
              href={labelled.get(m.id) ?? m.url ?? '#'}
              target="_blank"
              rel="noreferrer"
            >
              <img
                src={labelled.get(m.id) ?? m.url ?? undefined}
                alt={entry.title}
                style={{ display: 'block', maxWidth: '100%', height: 'auto', marginTop: 8 }}
                data-testid="scoring-photo"
              />
            </a>
          ) : null,
        )}
        {entry.description ? <p style={{ whiteSpace: 'pre-wrap' }}>{entry.description}</p> : null}
        {entry.text ? (
          <>
            <div style={muted} data-testid="scoring-text-length">
              正文 {countCharacters(entry.text)} 字 · {countCharacters(entry.text)} characters
            </div>
            <div style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8, marginTop: 6 }}>
              {entry.text}
            </div>
          </>
        ) : null}
      </article>
      <aside style={card}>
        <div style={{ ...muted, marginBottom: 8 }}>
          {round.title ?? round.name} · 第 {index + 1} / {inRound.length} 件 ·{' '}
          <span data-testid="sheet-status">{statusNames[sheet.status] ?? sheet.status}</span>
        </div>
        {sheet.status === 'submitted' ? (
          <p style={{ margin: '0 0 8px' }} data-testid="sheet-locked">
            已提交，评分已锁定；如需修改请联系活动组织者退回。
            <br />
            <span style={muted}>Submitted and locked; ask the organizer to reopen it.</span>
          </p>
        ) : sheet.status === 'conflict' ? (
          <p style={{ margin: '0 0 8px' }}>已申请回避。 / Conflict of interest declared.</p>
        ) : closed ? (
          <p style={{ margin: '0 0 8px' }} data-testid="sheet-closed">
            {closed}
          </p>
        ) : null}
        <ScoreSheetForm
          api={`${payload.config.serverURL}${payload.config.routes.api}`}
          sheetId={sheet.id}
          criteria={(round.criteria ?? []).map((c) => ({
            name: c.name,
            weight: Number(c.weight),
            maxScore: Number(c.maxScore),
            guidance: c.guidance ?? null,
          }))}
          scores={scores}
          comment={sheet.comment ?? ''}
          isEditable={isEditable}
          nextHref={nextToScore ? `?sheet=${nextToScore.id}` : undefined}
        />
        <nav style={{ display: 'flex', justifyContent: 'space-between', marginTop: 12 }}>
          {previous ? <a href={`?sheet=${previous.id}`}>← 上一件 / Previous</a> : <span />}
          {next ? <a href={`?sheet=${next.id}`}>下一件 / Next →</a> : <span />}
        </nav>
      </aside>
    </div>
  )
}

/**
 * Why the round takes no scores now (not open, or outside its window in the campaign's time
 * zone), in the judging module's own words; null when it does. The server checks it again on
 * every save.
 */
const windowRefusal = async (req: PayloadRequest, roundId: number): Promise<null | string> => {
  try {
    requireScoringOpen(await loadRound(req, roundId))
    return null
  } catch (err) {
    if (err instanceof Refusal) {
      return err.message
    }
    throw err
  }
}

/**
 * The campaign's labelled copy of each file (the video with the intro in front, the photo with
 * its label), where one was made: what the public will see is what the judge scores.
 */
const labelledCopies = async (
  req: PayloadRequest,
  media: MediaDoc[],
  campaignId: number | undefined,
): Promise<Map<number, string>> => {
  if (!media.length || !campaignId) {
    return new Map()
  }
  const { docs } = await req.payload.find({
    collection: 'renditions',
    where: {
      and: [
        { original: { in: media.map((m) => m.id) } },
        { campaign: { equals: campaignId } },
        { name: { in: ['intro', 'label'] } },
      ],
    },
    depth: 0,
    limit: 0,
    pagination: false,
    overrideAccess: false,
    user: req.user,
    req,
  })
  return new Map(
    docs
      .filter((doc) => doc.url)
      .map((doc) => [extractID(doc.original as number), String(doc.url)] as const),
  )
}

const page: React.CSSProperties = {
  padding: 'calc(var(--base) * 1.5) var(--gutter-h, 3.75rem) calc(var(--base) * 3)',
  maxWidth: 1400,
}
const card: React.CSSProperties = {
  border: '1px solid var(--theme-elevation-150)',
  borderRadius: 4,
  padding: '12px 16px',
  background: 'var(--theme-elevation-0)',
  minWidth: 0,
}
const muted: React.CSSProperties = { color: 'var(--theme-elevation-500)', fontSize: 13 }
const english: React.CSSProperties = {
  color: 'var(--theme-elevation-400)',
  fontWeight: 400,
  fontSize: '0.6em',
  marginLeft: 8,
}
const badge: React.CSSProperties = {
  marginLeft: 8,
  fontSize: 12,
  padding: '1px 6px',
  borderRadius: 3,
  background: 'var(--theme-elevation-100)',
  fontWeight: 400,
}
