import type {
  AfterErrorHook,
  CollectionAfterErrorHook,
  CollectionBeforeOperationHook,
  CollectionSlug,
  PayloadRequest,
  Where,
} from 'payload'

import { AuthenticationError, LockedAuth, UnverifiedEmail } from 'payload'

import type { ResolvedAuditLogOptions } from '../types'

import { isAuditSkipped, writeEntry } from '../utilities/writeEntry'

type Attempt = { email?: string; username?: string }
type Reason = 'invalid-credentials' | 'locked' | 'unverified'

/** Login attempts of REST requests, by request: the error hook learns from it what was tried. */
const attempts = new WeakMap<PayloadRequest, Attempt>()

const asText = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim().toLowerCase() : undefined

/**
 * `beforeOperation` of an auth collection: remembers the e-mail or username of a login
 * attempt (never the password) for `recordFailedLogin`.
 */
export const rememberLoginAttempt =
  (): CollectionBeforeOperationHook =>
  ({ args, operation, req }) => {
    if (operation !== 'login') {
      return
    }
    const data = (args as { data?: Record<string, unknown> }).data
    attempts.set(req, { email: asText(data?.email), username: asText(data?.username) })
  }

/**
 * `afterError` of an auth collection — Payload runs it for errors of REST requests under
 * `/api/<slug>/…`: a login refused for a wrong password, an unknown account, a locked account
 * or an unverified e-mail becomes `login-failed`, written outside the login's transaction.
 */
export const recordFailedLogin =
  (options: ResolvedAuditLogOptions): CollectionAfterErrorHook =>
  async ({ collection, error, req }) => {
    const attempt = attempts.get(req)
    const reason = reasonOf(error)
    if (!attempt || !reason || isAuditSkipped(req)) {
      return
    }
    attempts.delete(req)
    await writeFailedLogin({ attempt, collection: collection.slug, options, reason, req })
  }

/**
 * The config's `afterError`, which Payload runs for each GraphQL error: a refused `login<User>`
 * mutation becomes `login-failed`. The e-mail comes from the mutation's arguments (literal or
 * variable), so each attempt of a batched request is recorded with its own address.
 */
export const recordFailedGraphQLLogin =
  ({
    loginMutations,
    options,
  }: {
    /** Mutation field name (`loginUser`) → auth collection slug. */
    loginMutations: Record<string, string>
    options: ResolvedAuditLogOptions
  }): AfterErrorHook =>
  async ({ error, graphqlResult, req }) => {
    if (!graphqlResult || !req || isAuditSkipped(req)) {
      return
    }
    const graphQLError = error as GraphQLErrorLike
    const field = graphQLError.nodes?.[0]
    const collection = field?.kind === 'Field' ? loginMutations[field.name.value] : undefined
    const reason = reasonOf(graphQLError.originalError)
    if (!field || !collection || !reason) {
      return
    }
    const variables = (req.data as { variables?: Record<string, unknown> } | undefined)?.variables
    const attempt = {
      email: asText(argumentValue({ field, name: 'email', variables })),
      username: asText(argumentValue({ field, name: 'username', variables })),
    }
    await writeFailedLogin({ attempt, collection, options, reason, req })
  }

const reasonOf = (error: unknown): Reason | undefined => {
  if (error instanceof LockedAuth) {
    return 'locked'
  }
  if (error instanceof UnverifiedEmail) {
    return 'unverified'
  }
  if (error instanceof AuthenticationError) {
    return 'invalid-credentials'
  }
  return undefined
}

const reasonText: Record<Reason, { en: string; zh: string }> = {
  'invalid-credentials': { zh: '密码错误或账号不存在', en: 'wrong password or unknown account' },
  locked: { zh: '账号已锁定', en: 'account locked' },
  unverified: { zh: '邮箱未验证', en: 'e-mail not verified' },
}

const writeFailedLogin = async ({
  attempt,
  collection,
  options,
  reason,
  req,
}: {
  attempt: Attempt
  collection: string
  options: ResolvedAuditLogOptions
  reason: Reason
  req: PayloadRequest
}) => {
  const label = attempt.email ?? attempt.username ?? 'anonymous'
  const account = await findAccount({ attempt, collection, req })
  const { en, zh } = reasonText[reason]
  await writeEntry({
    entry: {
      action: 'login-failed',
      actor: null,
      actorLabel: label,
      targetCollection: collection,
      targetId: account?.id ?? null,
      summary: `${label} 登录失败（${zh}）/ failed login for ${label} (${en})`,
      details: {
        email: attempt.email ?? null,
        username: attempt.username ?? null,
        reason,
        accountExists: Boolean(account),
        via: req.payloadAPI,
      },
    },
    // The login's own transaction (if any) is being rolled back.
    isDetached: true,
    options,
    req,
  })
}

/** The attempted account, looked up outside the failing transaction; `null` when unknown. */
const findAccount = async ({
  attempt,
  collection,
  req,
}: {
  attempt: Attempt
  collection: string
  req: PayloadRequest
}): Promise<{ id: number | string } | null> => {
  const where: null | Where = attempt.email
    ? { email: { equals: attempt.email } }
    : attempt.username
      ? { username: { equals: attempt.username } }
      : null
  if (!where) {
    return null
  }
  try {
    const row = await req.payload.db.findOne({
      collection: collection as CollectionSlug,
      select: { id: true },
      where,
    })
    return row ? { id: row.id as number | string } : null
  } catch {
    return null
  }
}

/** The few properties of graphql-js's `GraphQLError` and AST used here (no dependency on `graphql`). */
type ValueNode = { kind: string; name?: { value: string }; value?: unknown }
type FieldNode = {
  arguments?: readonly { name: { value: string }; value: ValueNode }[]
  kind: string
  name: { value: string }
}
type GraphQLErrorLike = { nodes?: readonly FieldNode[]; originalError?: unknown }

const argumentValue = ({
  field,
  name,
  variables,
}: {
  field: FieldNode
  name: string
  variables: Record<string, unknown> | undefined
}): unknown => {
  const value = field.arguments?.find((argument) => argument.name.value === name)?.value
  if (value?.kind === 'StringValue') {
    return value.value
  }
  if (value?.kind === 'Variable' && value.name) {
    return variables?.[value.name.value]
  }
  return undefined
}
