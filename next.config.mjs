import { withPayload } from '@payloadcms/next/withPayload'

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The Express server in src/server.ts owns compression decisions and headers.
  poweredByHeader: false,
  // `npm run typecheck` (tsc, run by CI) checks types; the build does not do it a second time.
  typescript: { ignoreBuildErrors: true },
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
