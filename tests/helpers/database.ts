import pg from 'pg'

const withClient = async <T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** A connection string for `database` on the server `adminUrl` points at. */
export const databaseUrl = (adminUrl: string, database: string): string => {
  const url = new URL(adminUrl)
  url.pathname = `/${database}`
  return url.toString()
}

/** Creates a fresh, empty database for one test file. */
export const createTestDatabase = async ({
  adminUrl,
  runId,
  name,
}: {
  adminUrl: string
  runId: string
  name: string
}): Promise<string> => {
  const database = `${runId}_${name}`
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 60)
  await withClient(adminUrl, async (client) => {
    await client.query(`drop database if exists ${pg.escapeIdentifier(database)} with (force)`)
    await client.query(`create database ${pg.escapeIdentifier(database)}`)
  })
  return databaseUrl(adminUrl, database)
}

/** Drops every database this run created. */
export const dropRunDatabases = async ({
  adminUrl,
  runId,
}: {
  adminUrl: string
  runId: string
}) => {
  await withClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`${runId}_%`],
    )
    for (const { datname } of rows) {
      await client.query(`drop database if exists ${pg.escapeIdentifier(datname)} with (force)`)
    }
  })
}
