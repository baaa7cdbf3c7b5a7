import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_campaigns_phases_deadlines_level" AS ENUM('national', 'provincial', 'city', 'county', 'grassroots');
  ALTER TABLE "campaigns_phases_deadlines" ADD COLUMN "level" "enum_campaigns_phases_deadlines_level";
  ALTER TABLE "campaigns_phases_deadlines" ADD COLUMN "sub_project_id" integer;
  ALTER TABLE "campaigns_phases_deadlines" ADD CONSTRAINT "campaigns_phases_deadlines_sub_project_id_sub_projects_id_fk" FOREIGN KEY ("sub_project_id") REFERENCES "public"."sub_projects"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "campaigns_phases_deadlines_sub_project_idx" ON "campaigns_phases_deadlines" USING btree ("sub_project_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "campaigns_phases_deadlines" DROP CONSTRAINT "campaigns_phases_deadlines_sub_project_id_sub_projects_id_fk";
  
  DROP INDEX "campaigns_phases_deadlines_sub_project_idx";
  ALTER TABLE "campaigns_phases_deadlines" DROP COLUMN "level";
  ALTER TABLE "campaigns_phases_deadlines" DROP COLUMN "sub_project_id";
  DROP TYPE "public"."enum_campaigns_phases_deadlines_level";`)
}
