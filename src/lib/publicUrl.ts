/**
 * The address links are built on when they leave the server: file links and feed links given to
 * partner sites, password-reset links in e-mails. SERVER_URL when it is set; otherwise the
 * address this server listens on, so a link at least reaches this server on its own port
 * (formerly a fixed `http://localhost:3000`, wrong on any other port).
 *
 * Without SERVER_URL the host is a guess: a server bound to every interface (`HOST` unset,
 * `0.0.0.0` or `::`) names itself `127.0.0.1` — right for a partner or a browser on the same
 * machine (development, tests, the example receiver), wrong for everyone else, who need
 * SERVER_URL (a warning at start says so). It never comes from a request's `Host` header, which
 * the client chooses: a reset mail must not link to whatever host the requester named.
 */

/** Where `recordListeningAddress` keeps the address: process-wide, so Next's bundled copy of this module sees it too. */
const listeningKey = Symbol.for('wangju.listeningAddress')

type ListeningAddress = { host: string; port: number }
type Holder = { [listeningKey]?: ListeningAddress }

/**
 * Called by whatever listens (src/server.ts, the tests' `serveApp`) once the port is bound: the
 * actual port, which `PORT` may not tell (`PORT=0`, a test server on a random port).
 */
export const recordListeningAddress = (address: ListeningAddress): void => {
  ;(globalThis as Holder)[listeningKey] = address
}

/**
 * The public base URL, without a trailing slash: SERVER_URL; else the recorded listening
 * address; else `HOST`/`PORT` as src/server.ts reads them (a worker process, or before the
 * server listens).
 */
export const publicBaseUrl = ({
  env = process.env,
}: { env?: Record<string, string | undefined> } = {}): string => {
  const configured = env.SERVER_URL?.trim()
  if (configured) {
    return configured.replace(/\/+$/, '')
  }
  const listening = (globalThis as Holder)[listeningKey]
  const host = listening?.host ?? env.HOST ?? ''
  const port = listening?.port ?? Number(env.PORT || 3000)
  return `http://${reachableHost(host)}:${port}`
}

/** A bind address as a URL host: every interface becomes loopback, an IPv6 literal gets brackets. */
const reachableHost = (host: string): string => {
  const bare = host.trim().replace(/^\[(.*)\]$/, '$1')
  if (bare === '' || bare === '0.0.0.0' || bare === '::') {
    return '127.0.0.1'
  }
  return bare.includes(':') ? `[${bare}]` : bare
}
