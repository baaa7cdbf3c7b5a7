/**
 * Who scores what (分配评委), as a plan over plain data: pure, so it is tested on its own and the
 * endpoint writes it only once it is complete.
 */

export type PanelJudge = {
  id: number
  name: string
  /** The judge's unit (users.organizer), if any. */
  unitId?: number
  unitName?: string
}

export type EnteringWork = {
  id: number
  title: string
  /** Ids of the submitting unit's path (`/1/4/9/`): its ancestors and itself. */
  unitAncestry: number[]
  authorNames: string[]
}

export type ExistingSheet = {
  id: number
  entry: number
  judge: number
  status: 'assigned' | 'submitted' | 'conflict'
}

export type Shortage = {
  entry: { id: number; title: string }
  /** Judges it has or would get. */
  has: number
  needed: number
}

export type AssignmentPlan = {
  /** New sheets to create. */
  create: { entry: number; judge: number }[]
  /** Sheets still to score whose judge now has a conflict of interest: set to conflict. */
  withdraw: { sheet: number; entry: number; reason: string }[]
  shortages: Shortage[]
  /** Sheets to score or scored per judge once the plan is written. */
  load: Map<number, number>
}

const normalName = (name: string | null | undefined) => (name ?? '').replace(/\s+/g, '')

/**
 * Why `judge` may not score `work` (回避), or `null`: its unit is the work's submitting unit or
 * one above it (its own subtree's work), or its name is among the work's authors.
 */
export const automaticConflict = ({
  judge,
  work,
}: {
  judge: PanelJudge
  work: EnteringWork
}): string | null => {
  if (judge.unitId !== undefined && work.unitAncestry.includes(judge.unitId)) {
    const unit = judge.unitName ?? `#${judge.unitId}`
    return `评委所在单位“${unit}”是作品的报送单位或其上级单位 / the judge's unit "${unit}" is the work's submitting unit or above it`
  }
  const name = normalName(judge.name)
  if (name && work.authorNames.some((author) => normalName(author) === name)) {
    return `评委“${judge.name}”是作品作者 / the judge "${judge.name}" is an author of the work`
  }
  return null
}

/**
 * Tops every work up to `judgesPerWork` judges of the panel. Works are taken in id order and
 * each gets the least-loaded judges free of conflict (ties: lower user id first), so the same
 * data always gives the same plan and loads differ by at most one where conflicts allow.
 * Existing sheets count: submitted and still-to-score ones keep their judge (one still to score
 * whose judge now has an automatic conflict is withdrawn and replaced), a declared conflict is
 * replaced by another judge, and no judge gets a second sheet on the same work.
 */
export const planAssignment = ({
  works,
  panel,
  sheets,
  judgesPerWork,
}: {
  works: EnteringWork[]
  panel: PanelJudge[]
  sheets: ExistingSheet[]
  judgesPerWork: number
}): AssignmentPlan => {
  const judges = [...panel].sort((a, b) => a.id - b.id)
  const load = new Map<number, number>(judges.map((judge) => [judge.id, 0]))
  const withdraw: AssignmentPlan['withdraw'] = []
  const byId = new Map(judges.map((judge) => [judge.id, judge]))
  const workById = new Map(works.map((work) => [work.id, work]))
  const active = new Map<number, Set<number>>()
  const taken = new Map<number, Set<number>>()
  for (const sheet of sheets) {
    const judge = byId.get(sheet.judge)
    const work = workById.get(sheet.entry)
    taken.set(sheet.entry, (taken.get(sheet.entry) ?? new Set()).add(sheet.judge))
    if (sheet.status === 'conflict') {
      continue
    }
    const reason =
      sheet.status === 'assigned' && judge && work ? automaticConflict({ judge, work }) : null
    if (reason) {
      withdraw.push({ sheet: sheet.id, entry: sheet.entry, reason })
      continue
    }
    active.set(sheet.entry, (active.get(sheet.entry) ?? new Set()).add(sheet.judge))
    load.set(sheet.judge, (load.get(sheet.judge) ?? 0) + 1)
  }
  const create: AssignmentPlan['create'] = []
  const shortages: Shortage[] = []
  for (const work of [...works].sort((a, b) => a.id - b.id)) {
    const has = active.get(work.id)?.size ?? 0
    const need = judgesPerWork - has
    if (need <= 0) {
      continue
    }
    const candidates = judges
      .filter(
        (judge) =>
          !taken.get(work.id)?.has(judge.id) && automaticConflict({ judge, work }) === null,
      )
      .sort((a, b) => load.get(a.id)! - load.get(b.id)! || a.id - b.id)
      .slice(0, need)
    for (const judge of candidates) {
      create.push({ entry: work.id, judge: judge.id })
      load.set(judge.id, load.get(judge.id)! + 1)
    }
    if (candidates.length < need) {
      shortages.push({
        entry: { id: work.id, title: work.title },
        has: has + candidates.length,
        needed: judgesPerWork,
      })
    }
  }
  return { create, withdraw, shortages, load }
}
