import type {
  CollectionBeforeChangeHook,
  CollectionBeforeOperationHook,
  PayloadRequest,
} from 'payload'

import type { SubmissionSpec } from '../../plugins/submission-spec'
import type { Campaign } from '../payload-types'

import { actorOf } from '../access/roles'
import { badRequest, idOf } from '../lib/refusal'

/**
 * Implementing a parent campaign (national → provincial → city): a campaign created with a
 * `parent` starts from the parent's work label, theme and 四个统一 settings; a sub-project that
 * implements one of the parent's (`implements`) starts from its 作品要求 and may only tighten it —
 * loosening a bound needs the reason written (`specLoosenedReason`), which the audit log keeps.
 * A campaign implementing nothing and hosted by no national body is a standalone provincial or
 * city one: its 四个统一 rules start at “warn”, not the national “enforce”.
 */

const ruleKeys = ['themeRule', 'columnsRule', 'labelRule', 'bestWorksRule'] as const
const unificationKeys = [...ruleKeys, 'labelPosition', 'labelBrackets', 'watermarkPhotos'] as const

type Unification = NonNullable<Campaign['unification']>

/** Campaigns `beforeOperation` (create): fills what the organizer left out, before defaults do. */
export const inheritFromParent: CollectionBeforeOperationHook<'campaigns'> = async ({
  args,
  operation,
  req,
}) => {
  if (operation !== 'create') {
    return args
  }
  const data = (args as { data?: Partial<Campaign> }).data
  if (!data || typeof data !== 'object') {
    return args
  }
  const given: Partial<Unification> = data.unification ?? {}
  const parentId = idOf(data.parent as number | null | undefined)
  if (parentId) {
    const parent = await req.payload
      .findByID({ collection: 'campaigns', id: parentId, depth: 0, req, disableErrors: true })
      .catch(() => null)
    if (parent) {
      data.label ??= parent.label
      data.theme ??= parent.theme
      const from = parent.unification ?? {}
      data.unification = {
        ...Object.fromEntries(
          unificationKeys.flatMap((key) =>
            from[key] !== undefined && from[key] !== null ? [[key, from[key]]] : [],
          ),
        ),
        ...given,
      }
    }
    return args
  }
  if (!(await isNationalCampaign(req, data))) {
    data.unification = {
      ...Object.fromEntries(ruleKeys.map((key) => [key, 'warn'])),
      ...given,
    }
  }
  return args
}

/** Hosted by a national body (全总, 国家网信办), or made by the national office without hosts. */
const isNationalCampaign = async (req: PayloadRequest, data: Partial<Campaign>) => {
  const actor = actorOf(req)
  const hosts = (data.hosts ?? []).map((host) => idOf(host)!).filter(Boolean)
  if (hosts.length === 0 && actor.kind === 'organizer' && actor.organizerId) {
    // An organizer's campaign is hosted by its own unit (limitCampaignHosts).
    hosts.push(actor.organizerId)
  }
  if (hosts.length === 0) {
    return true
  }
  const { docs } = await req.payload.find({
    collection: 'organizers',
    where: { id: { in: hosts } },
    depth: 0,
    limit: hosts.length,
    select: { level: true },
    req,
  })
  return docs.some((unit) => unit.level === 'national')
}

/** A bound of the spec, how it reads in a notice, and whether the child's value loosens it. */
type Bound = {
  zh: string
  en: string
  loosens: (parent: SubmissionSpec, child: SubmissionSpec) => boolean
}

const isSet = (value: unknown): value is number => typeof value === 'number'

/** A maximum loosened: none where the parent had one, higher, or inclusive where it was exclusive. */
const looserMax =
  (
    key: 'maxDurationSeconds' | 'maxFileSizeMB' | 'maxTextLength',
    exclusiveKey?: keyof SubmissionSpec,
  ) =>
  (parent: SubmissionSpec, child: SubmissionSpec) => {
    const limit = parent[key]
    if (!isSet(limit)) {
      return false
    }
    const mine = child[key]
    if (!isSet(mine) || mine > limit) {
      return true
    }
    return Boolean(exclusiveKey && mine === limit && parent[exclusiveKey] && !child[exclusiveKey])
  }

const looserMin =
  (
    key:
      | 'minDurationSeconds'
      | 'minTextLength'
      | 'minPhotoCount'
      | 'minImageLongSide'
      | 'minImageShortSide',
  ) =>
  (parent: SubmissionSpec, child: SubmissionSpec) => {
    const floor = parent[key]
    const mine = child[key]
    return isSet(floor) && (!isSet(mine) || mine < floor)
  }

const looserRequirement =
  (
    key:
      | 'subtitlesRequired'
      | 'authenticityRequired'
      | 'originalityRequired'
      | 'audibleAudioRequired'
      | 'cameraOriginalRequired',
  ) =>
  (parent: SubmissionSpec, child: SubmissionSpec) =>
    Boolean(parent[key]) && !child[key]

/** A list loosened: the parent accepted only some, and the child accepts any or one more. */
const looserList =
  (key: 'mediaKinds' | 'containers') => (parent: SubmissionSpec, child: SubmissionSpec) => {
    const allowed = (parent[key] ?? []) as string[]
    if (allowed.length === 0) {
      return false
    }
    const mine = (child[key] ?? []) as string[]
    return mine.length === 0 || mine.some((each) => !allowed.includes(each))
  }

const bounds: Bound[] = [
  { zh: '作品类型', en: 'kinds of work', loosens: looserList('mediaKinds') },
  { zh: '文件格式', en: 'formats', loosens: looserList('containers') },
  { zh: '最短时长', en: 'minimum duration', loosens: looserMin('minDurationSeconds') },
  {
    zh: '最长时长',
    en: 'maximum duration',
    loosens: looserMax('maxDurationSeconds', 'maxDurationIsExclusive'),
  },
  {
    zh: '文件大小上限',
    en: 'file size limit',
    loosens: looserMax('maxFileSizeMB', 'maxFileSizeIsExclusive'),
  },
  { zh: '最少字数', en: 'minimum length', loosens: looserMin('minTextLength') },
  { zh: '最多字数', en: 'maximum length', loosens: looserMax('maxTextLength') },
  { zh: '组照最少张数', en: 'photos in a series', loosens: looserMin('minPhotoCount') },
  { zh: '图片长边', en: 'image long side', loosens: looserMin('minImageLongSide') },
  { zh: '图片短边', en: 'image short side', loosens: looserMin('minImageShortSide') },
  { zh: '须配字幕', en: 'subtitles', loosens: looserRequirement('subtitlesRequired') },
  { zh: '声音清楚', en: 'audible sound', loosens: looserRequirement('audibleAudioRequired') },
  { zh: '须为原图', en: 'camera originals', loosens: looserRequirement('cameraOriginalRequired') },
  {
    zh: '真人真事声明',
    en: 'authenticity declaration',
    loosens: looserRequirement('authenticityRequired'),
  },
  {
    zh: '原创声明',
    en: 'originality declaration',
    loosens: looserRequirement('originalityRequired'),
  },
  {
    zh: '其他声明事项',
    en: 'declarations',
    loosens: (parent, child) => {
      const mine = new Set((child.declarations ?? []).map((each) => each.text?.trim()))
      return (parent.declarations ?? []).some(
        (each) => each.text?.trim() && !mine.has(each.text.trim()),
      )
    },
  },
]

/** The bounds of the parent's 作品要求 a child's spec loosens, as notices name them. */
export const loosenedBounds = (
  parent: SubmissionSpec | null | undefined,
  child: SubmissionSpec | null | undefined,
): Bound[] => bounds.filter((bound) => bound.loosens(parent ?? {}, child ?? {}))

/** A spec with nothing set: a sub-project created without its own starts from the parent's. */
const isEmptySpec = (spec: SubmissionSpec | null | undefined) =>
  !spec ||
  Object.values(spec).every(
    (value) =>
      value === undefined ||
      value === null ||
      value === false ||
      (Array.isArray(value) && value.length === 0),
  )

/**
 * Sub-projects `beforeChange`: one implementing a parent's sub-project (`implements`) must belong
 * to a campaign implementing that sub-project's campaign; created without a spec of its own, it
 * takes the parent's; a spec loosening the parent's is refused unless its reason is written.
 */
export const keepParentSpec: CollectionBeforeChangeHook = async ({
  data,
  originalDoc,
  operation,
  req,
}) => {
  const parentSubProjectId = idOf(
    (data.implements !== undefined ? data.implements : originalDoc?.implements) as number | null,
  )
  if (!parentSubProjectId) {
    return data
  }
  const [parentSubProject, campaign] = await Promise.all([
    req.payload.findByID({
      collection: 'sub-projects',
      id: parentSubProjectId,
      depth: 0,
      draft: true,
      req,
      overrideAccess: true,
      disableErrors: true,
    }),
    req.payload.findByID({
      collection: 'campaigns',
      id: idOf((data.campaign ?? originalDoc?.campaign) as number)!,
      depth: 0,
      req,
      overrideAccess: true,
      disableErrors: true,
    }),
  ])
  if (!parentSubProject || !campaign || idOf(parentSubProject.campaign) !== idOf(campaign.parent)) {
    throw badRequest(
      '所落实的子项目须属于本活动所落实的上级活动 / the sub-project implemented must belong to the campaign this one implements',
      [
        {
          path: 'implements',
          message:
            '所落实的子项目须属于本活动所落实的上级活动 / the sub-project implemented must belong to the parent campaign',
        },
      ],
      'sub-projects',
    )
  }
  const parentSpec = parentSubProject.spec as SubmissionSpec | null | undefined
  let spec = (data.spec !== undefined ? data.spec : originalDoc?.spec) as SubmissionSpec | null
  if (operation === 'create' && isEmptySpec(spec)) {
    spec = JSON.parse(
      JSON.stringify(parentSpec ?? {}, (key, value: unknown) => (key === 'id' ? undefined : value)),
    ) as SubmissionSpec
    data.spec = { ...spec, ...(data.spec?.notes ? { notes: data.spec.notes } : {}) }
  }
  const loosened = loosenedBounds(parentSpec, spec)
  const reason = (
    (data.specLoosenedReason !== undefined
      ? data.specLoosenedReason
      : originalDoc?.specLoosenedReason) as string | null | undefined
  )?.trim()
  if (loosened.length && !reason) {
    const zh = loosened.map((bound) => bound.zh).join('、')
    const en = loosened.map((bound) => bound.en).join(', ')
    const message = `作品要求放宽了上级子项目“${parentSubProject.name}”的${zh}；可以更严格，放宽须填写理由 / the spec loosens the ${en} of "${parentSubProject.name}" above it: tighten freely, but write the reason to loosen`
    throw badRequest(message, [{ path: 'specLoosenedReason', message }], 'sub-projects')
  }
  return data
}
