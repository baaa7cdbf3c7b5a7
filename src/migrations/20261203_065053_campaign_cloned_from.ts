import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "campaigns" ADD COLUMN "cloned_from_id" integer;
  ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_cloned_from_id_campaigns_id_fk" FOREIGN KEY ("cloned_from_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "campaigns_cloned_from_idx" ON "campaigns" USING btree ("cloned_from_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "campaigns" DROP CONSTRAINT "campaigns_cloned_from_id_campaigns_id_fk";
  
  DROP INDEX "campaigns_cloned_from_idx";
  ALTER TABLE "campaigns" DROP COLUMN "cloned_from_id";`)
}
