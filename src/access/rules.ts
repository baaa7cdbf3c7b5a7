import type { Access, CollectionConfig, FieldAccess, PayloadRequest, Where } from 'payload'

import type { RelationValue } from './roles'

import { notTakenDown } from '../../plugins/partner-push'
import {
  actorOf,
  allOf,
  anyOf,
  inHostedCampaigns,
  inSubtree,
  isInReach,
  isStaff,
  nothing,
  reachOf,
} from './roles'

/**
 * The access rules of each collection. Every rule that is not a plain yes or no returns a
 * `Where`, so lists, counts, GraphQL and relationship population all filter the same way.
 *
 * One public model: outside the office (no login, a partner's API key, a judge beyond its
 * assignments) everyone reads exactly what is published, so dropping a key never shows more.
 * Partners differ from the public in what they may write (receipts, recommendations) and in
 * the feeds and pushes of the campaigns their site takes, not in what they read.
 */

type Rules = NonNullable<CollectionConfig['access']>

const publishedDraft: Where = { _status: { equals: 'published' } }
const publishedStatus: Where = { status: { equals: 'published' } }

const adminOnly: Access = ({ req }) => actorOf(req).kind === 'admin'

/** Reference data anyone may read (the notices published it); only the national office edits it. */
export const directoryRules: Rules = {
  read: () => true,
  create: adminOnly,
  update: adminOnly,
  delete: adminOnly,
}

/** An organizer with a unit: it adds units below its own and accounts to its subtree. */
const isOrganizerWithUnit = (req: PayloadRequest): boolean => {
  const actor = actorOf(req)
  return actor.kind === 'organizer' && Boolean(actor.organizerId)
}

/**
 * The units strictly below an organizer's own: its own unit (and so its own parent) is the
 * level above's to edit, as is everything outside its subtree.
 */
const unitsBelowOwn = (organizerId: number | undefined): Where | false =>
  organizerId
    ? allOf({ path: { contains: `/${organizerId}/` } }, { id: { not_equals: organizerId } })
    : false

/** The office manages every unit, an organizer those strictly below its own. */
const manageUnits = (req: PayloadRequest): Where | boolean => {
  const actor = actorOf(req)
  return actor.kind === 'admin' || (actor.kind === 'organizer' && unitsBelowOwn(actor.organizerId))
}

/**
 * Units (单位): everyone reads them (the notices published them). An organizer runs its own
 * subtree: it adds units below its unit and edits and deletes those strictly below it; where a
 * unit may be placed is `requireParentInSubtree`'s, whether it may go is `refuseDeletingUnitInUse`'s.
 */
export const organizerRules: Rules = {
  read: () => true,
  create: ({ req }) => actorOf(req).kind === 'admin' || isOrganizerWithUnit(req),
  update: ({ req }) => manageUnits(req),
  delete: ({ req }) => manageUnits(req),
}

/** Roles an organizer gives the accounts of its subtree; admins and organizers are the office's. */
export const rolesOrganizersAssign: string[] = ['unit-editor', 'judge']

/**
 * The office's judges (评审专家, accounts with no unit): every organizer may put them on a panel,
 * so it reads them; judges of a unit stay with that unit's subtree.
 */
const officeJudges: Where = allOf({ role: { equals: 'judge' } }, { organizer: { exists: false } })

/**
 * Users: everyone reads and edits their own account. An organizer also reads every account of
 * its subtree (its unit and the units below it) and creates and edits the unit editors and judges
 * among them (`limitManagedAccounts` checks the role and unit written), and reads the office's
 * judges to seat them on its panels; deleting accounts, and unlocking those locked by failed
 * logins, stay the office's.
 */
export const userRules: Rules = {
  admin: ({ req }) => Boolean(req.user) && actorOf(req).kind !== 'partner',
  read: ({ req }) => {
    const actor = actorOf(req)
    switch (actor.kind) {
      case 'admin':
        return true
      case 'public':
      case 'partner':
        return false
      case 'organizer':
        return anyOf(
          { id: { equals: actor.userId } },
          inSubtree('organizer', actor.organizerId),
          officeJudges,
        )
      default:
        return { id: { equals: actor.userId } }
    }
  },
  create: ({ req }) => actorOf(req).kind === 'admin' || isOrganizerWithUnit(req),
  update: ({ req }) => {
    const actor = actorOf(req)
    switch (actor.kind) {
      case 'admin':
        return true
      case 'public':
      case 'partner':
        return false
      case 'organizer':
        return anyOf(
          { id: { equals: actor.userId } },
          allOf(inSubtree('organizer', actor.organizerId), {
            role: { in: rolesOrganizersAssign },
          }),
        )
      default:
        return { id: { equals: actor.userId } }
    }
  },
  delete: adminOnly,
  // Payload's default lets any logged-in user unlock any account locked by failed logins.
  unlock: adminOnly,
}

/**
 * A user's role and unit (所属单位) are written by the office and by organizers (whose writes
 * `limitManagedAccounts` checks); for anyone else they are dropped, so nobody raises their own role.
 */
export const accountFieldWrite: FieldAccess = ({ req }) =>
  ['admin', 'organizer'].includes(actorOf(req).kind)

const notDraftCampaign: Where = { status: { not_equals: 'draft' } }

/** The campaigns an organizer's unit hosts, as a `Where` on the campaign itself. */
const hostedByOwnUnit = (organizerId: number | undefined): Where | false =>
  organizerId ? { hosts: { in: [organizerId] } } : false

/** The office manages every campaign, an organizer those its unit hosts. */
const manageCampaign = (req: PayloadRequest): Where | boolean => {
  const actor = actorOf(req)
  return (
    actor.kind === 'admin' || (actor.kind === 'organizer' && hostedByOwnUnit(actor.organizerId))
  )
}

/**
 * Campaigns: one being prepared (筹备中) is seen by the national office and its hosts only;
 * an organizer manages the campaigns its unit hosts.
 */
export const campaignRules: Rules = {
  read: ({ req }) => {
    const actor = actorOf(req)
    if (actor.kind === 'admin') {
      return true
    }
    const hosted = actor.kind === 'organizer' ? hostedByOwnUnit(actor.organizerId) : false
    return hosted ? anyOf(notDraftCampaign, hosted) : notDraftCampaign
  },
  create: ({ req }) => ['admin', 'organizer'].includes(actorOf(req).kind),
  update: ({ req }) => manageCampaign(req),
  delete: ({ req }) => manageCampaign(req),
}

/**
 * What belongs to a campaign and is managed by its hosts: sub-projects, notices, quotas (and
 * columns, which unit editors compose too: `columnRules`). `publicWhen` is what everyone else may read. Drafts and their history (`/versions`)
 * are read by the national office and the campaign's hosts only.
 */
export const campaignContentRules = ({ publicWhen }: { publicWhen: Where | true }): Rules => {
  const manage: Access = async ({ req }) => {
    const actor = actorOf(req)
    if (actor.kind === 'admin') {
      return true
    }
    return actor.kind === 'organizer'
      ? inHostedCampaigns(req, 'campaign', actor.organizerId)
      : false
  }
  return {
    read: async ({ req }) => {
      const actor = actorOf(req)
      if (actor.kind === 'admin' || publicWhen === true) {
        return true
      }
      if (actor.kind === 'organizer') {
        return anyOf(publicWhen, await inHostedCampaigns(req, 'campaign', actor.organizerId))
      }
      return publicWhen
    },
    // Payload's default lets anyone logged in read every draft through `/versions`.
    readVersions: async ({ req }) => {
      const actor = actorOf(req)
      if (actor.kind === 'admin') {
        return true
      }
      return actor.kind === 'organizer'
        ? inHostedCampaigns(req, 'version.campaign', actor.organizerId)
        : false
    },
    create: ({ req }) => ['admin', 'organizer'].includes(actorOf(req).kind),
    update: manage,
    delete: manage,
  }
}

export const noticeRules = campaignContentRules({ publicWhen: publishedDraft })
export const subProjectRules = campaignContentRules({ publicWhen: publishedDraft })
export const quotaRules = campaignContentRules({ publicWhen: true })

/**
 * Columns (专栏): everyone reads the published ones (a site pulls them); drafts and their history
 * are read by whoever may edit the column. The campaign's hosts and the office manage every column
 * of the campaign, as for its notices; a unit editor composes its own unit's column (never a
 * partner site's: `requireColumnScope` checks what it writes).
 */
export const columnRules: Rules = (() => {
  const hosts = campaignContentRules({ publicWhen: publishedDraft })
  const ownUnit = (organizerId: number | undefined, field: string): Where =>
    organizerId ? { [field]: { equals: organizerId } } : nothing
  const manage: Access = async (args) => {
    const actor = actorOf(args.req)
    return actor.kind === 'unit-editor'
      ? ownUnit(actor.organizerId, 'unit')
      : (hosts.update as Access)(args)
  }
  return {
    read: async (args) => {
      const actor = actorOf(args.req)
      return actor.kind === 'unit-editor'
        ? anyOf(publishedDraft, ownUnit(actor.organizerId, 'unit'))
        : (hosts.read as Access)(args)
    },
    readVersions: async (args) => {
      const actor = actorOf(args.req)
      return actor.kind === 'unit-editor'
        ? ownUnit(actor.organizerId, 'version.unit')
        : (hosts.readVersions as Access)(args)
    },
    create: ({ req }) => isStaff(req),
    update: manage,
    delete: manage,
  }
})()

/**
 * Works and profiles reported up the hierarchy: a unit editor works on those of its unit and
 * the units below it (a city sees its counties, a county only itself), an organizer also on
 * those of the campaigns its unit hosts, a judge reads what it was assigned (`assignedField`).
 * Everyone reads `publicWhen`. What each may write into them is checked by the guards.
 */
export const reportedContentRules = ({
  unitField,
  assignedField,
  publicWhen,
}: {
  unitField: string
  assignedField?: string
  /** What anyone may read: the published documents. */
  publicWhen: Where
}): Rules => {
  const reach = (req: PayloadRequest) => reachOf(req, { unit: unitField, campaign: 'campaign' })
  const manage: Access = ({ req }) => reach(req)
  return {
    read: async ({ req }) => {
      const actor = actorOf(req)
      switch (actor.kind) {
        case 'admin':
          return true
        case 'unit-editor':
        case 'organizer':
          return anyOf(publicWhen, (await reach(req)) as Where)
        case 'judge':
          return assignedField
            ? anyOf(publicWhen, { [assignedField]: { in: [actor.userId] } })
            : publicWhen
        default:
          return publicWhen
      }
    },
    create: ({ req }) => isStaff(req),
    update: manage,
    delete: manage,
  }
}

/** A taken-down work (撤稿) is never public, though it may still be published for the office. */
export const entryRules = reportedContentRules({
  unitField: 'submittingUnit',
  assignedField: 'judges',
  publicWhen: allOf(publishedStatus, notTakenDown),
})
export const featuredWorkerRules = reportedContentRules({
  unitField: 'unit',
  publicWhen: publishedStatus,
})

/**
 * Records about a work (its deliveries to partners, their receipts), read where the work itself is
 * managed: by the national office, and by organizers whose subtree or hosted campaigns hold it.
 */
export const aboutEntryRead =
  (field: string): Access =>
  ({ req }) =>
    actorOf(req).kind === 'unit-editor'
      ? false
      : reachOf(req, { unit: `${field}.submittingUnit`, campaign: `${field}.campaign` })

/** The office manages every contact, staff those of their subtree. */
const manageContact = (req: PayloadRequest): Where | boolean => {
  const actor = actorOf(req)
  if (actor.kind === 'admin') {
    return true
  }
  return actor.kind === 'organizer' || actor.kind === 'unit-editor'
    ? inSubtree('organizer', actor.organizerId)
    : false
}

/** Contacts: everyone reads the published fields (see `contactFieldRead`); units keep their own. */
export const contactRules: Rules = {
  read: () => true,
  create: ({ req }) => isStaff(req),
  update: ({ req }) => manageContact(req),
  delete: ({ req }) => manageContact(req),
}

/**
 * A contact's fields beyond what its notice published (`publicFields`) are read by the national
 * office and by staff whose subtree holds the contact's unit, nobody else.
 */
export const contactFieldRead =
  (field: string): FieldAccess =>
  ({ req, doc }) =>
    Boolean((doc as { publicFields?: string[] } | undefined)?.publicFields?.includes(field)) ||
    isBeingCreated({ req, doc }) ||
    isInReach({ req, unit: (doc as { organizer?: RelationValue | null } | undefined)?.organizer })

/**
 * The admin's create form asks for a document with no id yet: staff fill private fields in (the
 * write guards decide where it may be filed). Without a document at all (a `where` on the field
 * being validated) the answer stays no, so nobody outside the office filters on private data.
 */
const isBeingCreated = ({ req, doc }: { req: PayloadRequest; doc: unknown }) =>
  isStaff(req) && Boolean(doc) && !(doc as { id?: unknown }).id

/**
 * Private data of a document (authors' phones, recommenders, judge assignments, internal notes):
 * read by the national office and by staff whose subtree or hosted campaigns hold the document.
 */
export const privateField =
  ({
    unitField,
    campaignField = 'campaign',
  }: {
    unitField: string
    campaignField?: string
  }): FieldAccess =>
  ({ req, doc }) => {
    const data = (doc ?? {}) as Record<string, RelationValue | null | undefined>
    return (
      isBeingCreated({ req, doc }) ||
      isInReach({ req, unit: data[unitField], campaign: data[campaignField] })
    )
  }

/** `admin.hidden` for a collection only the given roles work with: the others never see it in the admin. */
export const hiddenUnlessRole =
  (...kinds: string[]) =>
  ({ user }: { user: unknown }): boolean =>
    !kinds.includes((user as { role?: string } | null)?.role ?? '')

/** Fields for the office's staff only (organizers, unit editors, the national office). */
export const staffOnly: FieldAccess = ({ req }) => isStaff(req)

/**
 * 报送批次: read where the reporting unit is within reach (its own level, every level above it,
 * the campaign's hosts, the office); written by staff whose subtree holds the reporting unit
 * (the guards check it), and only while a draft: a reported batch is a record.
 */
export const reportBatchRules: Rules = (() => {
  const reach = (req: PayloadRequest) => reachOf(req, { unit: 'fromUnit', campaign: 'campaign' })
  const draftInReach: Access = async ({ req }) => {
    const where = await reach(req)
    return where === false
      ? false
      : allOf({ status: { equals: 'draft' } }, ...(where === true ? [] : [where]))
  }
  return {
    read: ({ req }) => reach(req),
    create: ({ req }) => isStaff(req),
    update: draftInReach,
    delete: draftInReach,
  }
})()

/** The office, or an organizer for the campaigns its unit hosts (`field` names the campaign). */
const hostsOrOffice =
  (field: string): Access =>
  async ({ req }) => {
    const actor = actorOf(req)
    if (actor.kind === 'admin') {
      return true
    }
    return actor.kind === 'organizer' ? inHostedCampaigns(req, field, actor.organizerId) : false
  }

/**
 * 评审轮次: managed by the campaign's hosts and the office; a judge reads the open rounds whose
 * panel it sits on (their rubric), nobody else reads them.
 */
export const judgingRoundRules: Rules = {
  read: async ({ req }) => {
    const actor = actorOf(req)
    if (actor.kind === 'judge') {
      return allOf({ panel: { in: [actor.userId] } }, { status: { equals: 'open' } })
    }
    return hostsOrOffice('campaign')({ req })
  },
  create: ({ req }) => ['admin', 'organizer'].includes(actorOf(req).kind),
  update: hostsOrOffice('campaign'),
  delete: hostsOrOffice('campaign'),
}

/**
 * 评分表: a judge reads its own and fills in those still to score (the hooks hold it to the
 * round's window and rubric); the campaign's hosts and the office read them all and assign.
 * A submitted sheet changes only by the organizer's reopening (`/reopen`).
 */
export const scoreSheetRules: Rules = {
  read: async ({ req }) => {
    const actor = actorOf(req)
    if (actor.kind === 'judge') {
      return { judge: { equals: actor.userId } }
    }
    return hostsOrOffice('campaign')({ req })
  },
  create: ({ req }) => ['admin', 'organizer'].includes(actorOf(req).kind),
  update: async ({ req }) => {
    const actor = actorOf(req)
    if (actor.kind === 'judge') {
      return allOf({ judge: { equals: actor.userId } }, { status: { equals: 'assigned' } })
    }
    return hostsOrOffice('campaign')({ req })
  },
  delete: async ({ req }) => {
    const where = await hostsOrOffice('campaign')({ req })
    return where === false
      ? false
      : allOf({ status: { equals: 'assigned' } }, ...(where === true ? [] : [where as Where]))
  },
}

/**
 * 网络投票: cast only through `POST /api/entries/:id/vote` and invalidated only through
 * `POST /api/votes/invalidate`, never written or deleted through the collection; read by the
 * campaign's hosts and the office (the public reads counts, not votes).
 */
export const voteRules: Rules = {
  read: hostsOrOffice('campaign'),
  create: () => false,
  update: () => false,
  delete: () => false,
}

/** Who voted, from where and with what browser: the national office's, for the audit. */
export const voteFieldRead: FieldAccess = ({ req }) => actorOf(req).kind === 'admin'

/** Voters' one-time codes: written by the voting endpoints only; the office may read them. */
export const voterCodeRules: Rules = {
  read: ({ req }) => actorOf(req).kind === 'admin',
  create: () => false,
  update: () => false,
  delete: () => false,
}

/**
 * 评奖结果: drawn up and frozen by the campaign's hosts and the office; confidential until the
 * results notice (通报) publishes it.
 */
export const awardListRules: Rules = {
  read: hostsOrOffice('campaign'),
  create: ({ req }) => ['admin', 'organizer'].includes(actorOf(req).kind),
  update: hostsOrOffice('campaign'),
  delete: hostsOrOffice('campaign'),
}

/** The national base list of sensitive words: the list with no campaign. */
const nationalWordList: Where = { campaign: { exists: false } }

/**
 * 敏感词: never public. Staff read the national base list and the lists of the campaigns their unit
 * hosts (a moderator sees each hit on the comment itself); the office keeps the base list, a
 * campaign's hosts its own list.
 */
export const sensitiveWordRules: Rules = {
  read: async ({ req }) => {
    const actor = actorOf(req)
    if (actor.kind === 'admin') {
      return true
    }
    if (actor.kind !== 'organizer' && actor.kind !== 'unit-editor') {
      return false
    }
    return anyOf(nationalWordList, await inHostedCampaigns(req, 'campaign', actor.organizerId))
  },
  create: ({ req }) => ['admin', 'organizer'].includes(actorOf(req).kind),
  update: hostsOrOffice('campaign'),
  delete: hostsOrOffice('campaign'),
}

const approved: Where = { state: { equals: 'approved' } }

/**
 * 跟帖评论 / 原创图文: left by netizens through the public endpoints only (never created through
 * the collection). Everyone reads the approved ones; the column's unit and the units above it,
 * the campaign's hosts and the office read and moderate all of theirs. Deleting is the office's:
 * a moderator rejects with a reason, which the audit log keeps.
 */
export const interactionRules: Rules = {
  read: async ({ req }) => {
    const reach = await reachOf(req, { unit: 'unit', campaign: 'campaign' })
    return reach === true ? true : reach === false ? approved : anyOf(approved, reach)
  },
  create: () => false,
  update: ({ req }) => reachOf(req, { unit: 'unit', campaign: 'campaign' }),
  delete: adminOnly,
}
