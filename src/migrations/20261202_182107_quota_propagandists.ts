import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TABLE "quotas_propagandists" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"tier" varchar NOT NULL,
  	"count" numeric NOT NULL
  );
  
  ALTER TABLE "quotas_propagandists" ADD CONSTRAINT "quotas_propagandists_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."quotas"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "quotas_propagandists_order_idx" ON "quotas_propagandists" USING btree ("_order");
  CREATE INDEX "quotas_propagandists_parent_id_idx" ON "quotas_propagandists" USING btree ("_parent_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP TABLE "quotas_propagandists" CASCADE;`)
}
