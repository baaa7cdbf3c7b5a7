import type { RequestHandler } from 'express'

import { pagingProblem } from '../../plugins/clear-errors/utilities/pagingBounds'

/**
 * REST query parameters Payload would misread, refused with a 400 that says why before they
 * reach it: Payload ignores a `page` or `limit` it cannot read as a number (`page=abc` answered
 * page 1), passes `page=-5` to the database (500) and `JSON.parse`s a `where` or `data` string
 * without catching (500). Mounted on /api.
 */
export const refuseMalformedQuery: RequestHandler = (req, res, next) => {
  const problems = [
    pagingProblem({ name: 'page', value: req.query.page }),
    pagingProblem({ name: 'limit', value: req.query.limit }),
    jsonProblem({ name: 'where', value: req.query.where }),
    jsonProblem({ name: 'data', value: req.query.data }),
  ].filter((problem): problem is string => Boolean(problem))
  if (problems.length) {
    res.status(400).json({ errors: problems.map((message) => ({ message })) })
    return
  }
  next()
}

const jsonProblem = ({ name, value }: { name: string; value: unknown }): string | null => {
  if (typeof value !== 'string' || !value) {
    return null
  }
  try {
    JSON.parse(value)
    return null
  } catch {
    return `查询参数 ${name} 不是合法的 JSON / the ${name} parameter is not valid JSON`
  }
}
