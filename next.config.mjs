import { withPayload } from '@payloadcms/next/withPayload'

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The Express server in src/server.ts owns compression decisions and headers.
  poweredByHeader: false,
  // `npm run typecheck` (tsc, run by CI) checks types; the build does not do it a second time.
  typescript: { ignoreBuildErrors: true },
  // One copy of Payload per process, loaded from node_modules: the instrumentation hook boots it
  // and the route handlers format its errors. Bundled, each of them got a copy of its own, so
  // `instanceof ValidationError` failed in the routes and every field error lost its reason.
  serverExternalPackages: ['payload'],
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
