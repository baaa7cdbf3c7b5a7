import type { AfterErrorHook, FlattenedField, PayloadRequest } from 'payload'

import { fieldLabel } from '../utilities/fieldLabel'

/** What a Payload `ValidationError` (or an `APIError` with field errors) looks like, whoever threw it. */
type FieldErrorShape = {
  name?: string
  status: number
  data: {
    collection?: string
    global?: string
    errors: { label?: unknown; message?: unknown; path?: unknown }[]
  }
}

/**
 * Puts the reasons of field errors into the error's own message — `文号：文号 … 已被通知“…”使用 / …`
 * instead of `下面的字段是无效的： 文号` — for REST (`errors[0].message`, also the admin's toast) and
 * GraphQL (`errors[].message`); `data.errors` stays as thrown, so the admin still marks each field.
 *
 * It goes by the error's shape (`status`, `data.errors`), not by `instanceof`: an error thrown by
 * another copy of Payload's classes (a bundle of its own) is restored to the full answer that
 * Payload's formatter only gives to its own instances.
 */
export const explainFieldErrors: AfterErrorHook = ({ error, graphqlResult, req, result }) => {
  const source = fieldErrorsOf(
    graphqlResult ? (error as Error & { originalError?: unknown }).originalError : error,
  )
  if (!source) {
    return
  }
  const message = describe({ source, req })
  if (graphqlResult) {
    return {
      graphqlResult: {
        ...graphqlResult,
        message,
        extensions: {
          ...graphqlResult.extensions,
          name: source.name,
          data: source.data,
          statusCode: source.status,
        },
      },
    }
  }
  return {
    response: {
      ...result,
      errors: [{ name: source.name ?? 'ValidationError', data: source.data, message }],
    },
    status: source.status,
  }
}

const fieldErrorsOf = (error: unknown): FieldErrorShape | null => {
  const candidate = error as Partial<FieldErrorShape> | null | undefined
  const status = candidate?.status
  // Only client errors: a 500's details stay hidden, as Payload hides them.
  if (typeof status !== 'number' || status < 400 || status >= 500) {
    return null
  }
  const errors = candidate?.data?.errors
  if (
    !Array.isArray(errors) ||
    !errors.some((each) => typeof each?.message === 'string' && each.message)
  ) {
    return null
  }
  return candidate as FieldErrorShape
}

const describe = ({ source, req }: { source: FieldErrorShape; req: PayloadRequest }): string => {
  const isChinese = req.i18n?.language === 'zh'
  const fields = fieldsOf({ source, req })
  return source.data.errors
    .filter(
      (each): each is { label?: unknown; message: string; path?: unknown } =>
        typeof each?.message === 'string' && Boolean(each.message),
    )
    .map(({ label, message, path }) => {
      const name =
        typeof label === 'string' && label
          ? label
          : typeof path === 'string' && path
            ? fieldLabel({ fields, path, req })
            : null
      return name ? `${name}${isChinese ? '：' : ': '}${message}` : message
    })
    .join(isChinese ? '；' : '; ')
}

const fieldsOf = ({
  source,
  req,
}: {
  source: FieldErrorShape
  req: PayloadRequest
}): FlattenedField[] | undefined => {
  const { collection, global } = source.data
  if (collection) {
    return req.payload.collections[collection as keyof typeof req.payload.collections]?.config
      .flattenedFields
  }
  if (global) {
    return req.payload.config.globals.find((each) => each.slug === global)?.flattenedFields
  }
  return undefined
}
