import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

/**
 * partner-push: a delivery keeps when its version was made (`versionCreatedAt`, the push's
 * versioncreated, stable across retries) and which newer version it carried when its work
 * changed before it was delivered (`sentAs`). Deliveries made before are given their version's
 * time: the work's when it is still that version, else the delivery's own creation (the same
 * transaction as the version).
 */
export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "deliveries" ADD COLUMN "version_created_at" timestamp(3) with time zone;
  ALTER TABLE "deliveries" ADD COLUMN "sent_as_id" integer;
  ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_sent_as_id_deliveries_id_fk" FOREIGN KEY ("sent_as_id") REFERENCES "public"."deliveries"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "deliveries_sent_as_idx" ON "deliveries" USING btree ("sent_as_id");`)
  await db.execute(sql`
  UPDATE "deliveries" d
     SET "version_created_at" = coalesce(CASE WHEN e."syndication_version" = d."version" THEN e."syndication_changed_at" END, d."created_at")
    FROM "entries" e
   WHERE e.id = d."entry_id";`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_sent_as_id_deliveries_id_fk";
  
  DROP INDEX "deliveries_sent_as_idx";
  ALTER TABLE "deliveries" DROP COLUMN "version_created_at";
  ALTER TABLE "deliveries" DROP COLUMN "sent_as_id";`)
}
