import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "report_batches" ADD COLUMN "to_campaign_id" integer;
  ALTER TABLE "entries" ADD COLUMN "origin_id" integer;
  ALTER TABLE "report_batches" ADD CONSTRAINT "report_batches_to_campaign_id_campaigns_id_fk" FOREIGN KEY ("to_campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "entries" ADD CONSTRAINT "entries_origin_id_entries_id_fk" FOREIGN KEY ("origin_id") REFERENCES "public"."entries"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "report_batches_to_campaign_idx" ON "report_batches" USING btree ("to_campaign_id");
  CREATE INDEX "entries_origin_idx" ON "entries" USING btree ("origin_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "report_batches" DROP CONSTRAINT "report_batches_to_campaign_id_campaigns_id_fk";
  
  ALTER TABLE "entries" DROP CONSTRAINT "entries_origin_id_entries_id_fk";
  
  DROP INDEX "report_batches_to_campaign_idx";
  DROP INDEX "entries_origin_idx";
  ALTER TABLE "report_batches" DROP COLUMN "to_campaign_id";
  ALTER TABLE "entries" DROP COLUMN "origin_id";`)
}
