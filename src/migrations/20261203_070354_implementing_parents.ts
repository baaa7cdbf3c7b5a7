import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "notices" ADD COLUMN "implements_id" integer;
  ALTER TABLE "_notices_v" ADD COLUMN "version_implements_id" integer;
  ALTER TABLE "sub_projects" ADD COLUMN "implements_id" integer;
  ALTER TABLE "sub_projects" ADD COLUMN "spec_loosened_reason" varchar;
  ALTER TABLE "_sub_projects_v" ADD COLUMN "version_implements_id" integer;
  ALTER TABLE "_sub_projects_v" ADD COLUMN "version_spec_loosened_reason" varchar;
  ALTER TABLE "notices" ADD CONSTRAINT "notices_implements_id_notices_id_fk" FOREIGN KEY ("implements_id") REFERENCES "public"."notices"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_notices_v" ADD CONSTRAINT "_notices_v_version_implements_id_notices_id_fk" FOREIGN KEY ("version_implements_id") REFERENCES "public"."notices"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "sub_projects" ADD CONSTRAINT "sub_projects_implements_id_sub_projects_id_fk" FOREIGN KEY ("implements_id") REFERENCES "public"."sub_projects"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_sub_projects_v" ADD CONSTRAINT "_sub_projects_v_version_implements_id_sub_projects_id_fk" FOREIGN KEY ("version_implements_id") REFERENCES "public"."sub_projects"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "notices_implements_idx" ON "notices" USING btree ("implements_id");
  CREATE INDEX "_notices_v_version_version_implements_idx" ON "_notices_v" USING btree ("version_implements_id");
  CREATE INDEX "sub_projects_implements_idx" ON "sub_projects" USING btree ("implements_id");
  CREATE INDEX "_sub_projects_v_version_version_implements_idx" ON "_sub_projects_v" USING btree ("version_implements_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "notices" DROP CONSTRAINT "notices_implements_id_notices_id_fk";
  
  ALTER TABLE "_notices_v" DROP CONSTRAINT "_notices_v_version_implements_id_notices_id_fk";
  
  ALTER TABLE "sub_projects" DROP CONSTRAINT "sub_projects_implements_id_sub_projects_id_fk";
  
  ALTER TABLE "_sub_projects_v" DROP CONSTRAINT "_sub_projects_v_version_implements_id_sub_projects_id_fk";
  
  DROP INDEX "notices_implements_idx";
  DROP INDEX "_notices_v_version_version_implements_idx";
  DROP INDEX "sub_projects_implements_idx";
  DROP INDEX "_sub_projects_v_version_version_implements_idx";
  ALTER TABLE "notices" DROP COLUMN "implements_id";
  ALTER TABLE "_notices_v" DROP COLUMN "version_implements_id";
  ALTER TABLE "sub_projects" DROP COLUMN "implements_id";
  ALTER TABLE "sub_projects" DROP COLUMN "spec_loosened_reason";
  ALTER TABLE "_sub_projects_v" DROP COLUMN "version_implements_id";
  ALTER TABLE "_sub_projects_v" DROP COLUMN "version_spec_loosened_reason";`)
}
