import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

// Existing uploads keep a null hash here: hashing every stored file (videos of gigabytes) would
// hold up the deploy and needs the media folder at migration time. The push computes a missing
// hash from the file once and stores it (partner-push `pushBody`).
export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "media" ADD COLUMN "sha256" varchar;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "media" DROP COLUMN "sha256";`)
}
