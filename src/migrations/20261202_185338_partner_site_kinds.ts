import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_partner_sites_kind" ADD VALUE 'local-news-site' BEFORE 'commercial-site';
  ALTER TYPE "public"."enum_partner_sites_kind" ADD VALUE 'provincial-news-app' BEFORE 'commercial-site';
  ALTER TYPE "public"."enum_partner_sites_kind" ADD VALUE 'union-press';`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "partner_sites" ALTER COLUMN "kind" SET DATA TYPE text;
  DROP TYPE "public"."enum_partner_sites_kind";
  CREATE TYPE "public"."enum_partner_sites_kind" AS ENUM('central-news-site', 'commercial-site', 'union-site', 'union-new-media');
  ALTER TABLE "partner_sites" ALTER COLUMN "kind" SET DATA TYPE "public"."enum_partner_sites_kind" USING "kind"::"public"."enum_partner_sites_kind";`)
}
