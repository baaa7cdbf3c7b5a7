/** Largest upload accepted anywhere (admin or public), in MB (`UPLOAD_MAX_MB`); sub-projects may allow less. */
export const uploadMaxMB = (env: NodeJS.ProcessEnv = process.env): number =>
  Number(env.UPLOAD_MAX_MB || 200)
