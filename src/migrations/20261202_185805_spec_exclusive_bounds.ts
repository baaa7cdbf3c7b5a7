import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "sub_projects" ADD COLUMN "spec_max_duration_is_exclusive" boolean;
  ALTER TABLE "sub_projects" ADD COLUMN "spec_max_file_size_is_exclusive" boolean;
  ALTER TABLE "_sub_projects_v" ADD COLUMN "version_spec_max_duration_is_exclusive" boolean;
  ALTER TABLE "_sub_projects_v" ADD COLUMN "version_spec_max_file_size_is_exclusive" boolean;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "sub_projects" DROP COLUMN "spec_max_duration_is_exclusive";
  ALTER TABLE "sub_projects" DROP COLUMN "spec_max_file_size_is_exclusive";
  ALTER TABLE "_sub_projects_v" DROP COLUMN "version_spec_max_duration_is_exclusive";
  ALTER TABLE "_sub_projects_v" DROP COLUMN "version_spec_max_file_size_is_exclusive";`)
}
