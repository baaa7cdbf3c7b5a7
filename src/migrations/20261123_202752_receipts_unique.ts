import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "receipts" ADD COLUMN "reported_at" timestamp(3) with time zone;
  ALTER TABLE "receipts" ADD COLUMN "superseded_at" timestamp(3) with time zone;
  CREATE INDEX "receipts_superseded_at_idx" ON "receipts" USING btree ("superseded_at");`)
  // Receipts written before they were upserted: of the same partner, work and URL reported more
  // than once the newest row stays (the unique index needs it), and each partner's latest word
  // about a work wins as the endpoint now decides it (a decline supersedes the receipts before
  // it, a receipt the declines before it, a decline an earlier decline).
  await db.execute(sql`
   DELETE FROM "receipts" AS "older" USING "receipts" AS "newer"
    WHERE "older"."url" IS NOT NULL AND "newer"."url" = "older"."url"
      AND "newer"."partner_site_id" = "older"."partner_site_id" AND "newer"."entry_id" = "older"."entry_id"
      AND ("newer"."created_at", "newer"."id") > ("older"."created_at", "older"."id");
  UPDATE "receipts" SET "reported_at" = "created_at" WHERE "reported_at" IS NULL;
  UPDATE "receipts" AS "r" SET "superseded_at" = (
      SELECT min("later"."created_at") FROM "receipts" AS "later"
       WHERE "later"."partner_site_id" = "r"."partner_site_id" AND "later"."entry_id" = "r"."entry_id"
         AND ("later"."created_at", "later"."id") > ("r"."created_at", "r"."id")
         AND ("later"."kind" <> "r"."kind" OR "r"."kind" = 'declined'))
    WHERE "r"."superseded_at" IS NULL;`)
  await db.execute(sql`
   CREATE UNIQUE INDEX "partnerSite_entry_url_idx" ON "receipts" USING btree ("partner_site_id","entry_id","url");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP INDEX "receipts_superseded_at_idx";
  DROP INDEX "partnerSite_entry_url_idx";
  ALTER TABLE "receipts" DROP COLUMN "reported_at";
  ALTER TABLE "receipts" DROP COLUMN "superseded_at";`)
}
