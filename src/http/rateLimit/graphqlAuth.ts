import type { ArgumentNode, DocumentNode, ValueNode } from 'graphql'

import { Kind, parse, visit } from 'graphql'

/** Payload's GraphQL auth mutations for each auth collection: `loginUser`, `forgotPasswordUser`, `resetPasswordUser`. */
const authMutation = /^(login|forgotPassword|resetPassword)[A-Z]/
/** The same names anywhere in the text: most requests never mention one and are not parsed. */
const mentionsAuthMutation = /(login|forgotPassword|resetPassword)[A-Z]/

export type GraphqlAuthAttempts = {
  /** Auth mutations in the document: each is one attempt (aliases let one request carry many). */
  attempts: number
  /** The e-mail of each attempt that names one, lower-cased; repeated as often as it is tried. */
  emails: string[]
}

/**
 * The login, forgot-password and reset-password attempts a GraphQL request carries, so they are
 * held to the same limits as the REST routes. The field name cannot be hidden (aliases rename
 * only the result), so scanning the parsed document finds every one, in fragments too. A body
 * that is not JSON or a query that does not parse carries none: Payload would run nothing.
 */
export const graphqlAuthAttempts = (body: Buffer): GraphqlAuthAttempts => {
  const none = { attempts: 0, emails: [] }
  let request: { query?: unknown; variables?: unknown }
  let document: DocumentNode
  try {
    request = JSON.parse(new TextDecoder().decode(body)) as typeof request
    if (typeof request?.query !== 'string' || !mentionsAuthMutation.test(request.query)) {
      return none
    }
    document = parse(request.query)
  } catch {
    return none
  }
  const variables = (
    request.variables && typeof request.variables === 'object' ? request.variables : {}
  ) as Record<string, unknown>
  const defaults = new Map<string, ValueNode>()
  visit(document, {
    VariableDefinition: (node) => {
      if (node.defaultValue) {
        defaults.set(node.variable.name.value, node.defaultValue)
      }
    },
  })
  const result: GraphqlAuthAttempts = { attempts: 0, emails: [] }
  visit(document, {
    Field: (node) => {
      if (!authMutation.test(node.name.value)) {
        return
      }
      result.attempts++
      const email = emailOf({
        argument: node.arguments?.find((a) => a.name.value === 'email'),
        variables,
        defaults,
      })
      if (email) {
        result.emails.push(email)
      }
    },
  })
  return result
}

const emailOf = ({
  argument,
  variables,
  defaults,
}: {
  argument: ArgumentNode | undefined
  variables: Record<string, unknown>
  defaults: Map<string, ValueNode>
}): string | undefined => {
  let value: unknown
  if (argument?.value.kind === Kind.STRING) {
    value = argument.value.value
  } else if (argument?.value.kind === Kind.VARIABLE) {
    const name = argument.value.name.value
    const fallback = defaults.get(name)
    value =
      name in variables
        ? variables[name]
        : fallback?.kind === Kind.STRING
          ? fallback.value
          : undefined
  }
  return typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase() : undefined
}
