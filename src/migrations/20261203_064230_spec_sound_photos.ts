import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "sub_projects" ADD COLUMN "spec_min_photo_count" numeric;
  ALTER TABLE "sub_projects" ADD COLUMN "spec_min_image_long_side" numeric;
  ALTER TABLE "sub_projects" ADD COLUMN "spec_min_image_short_side" numeric;
  ALTER TABLE "sub_projects" ADD COLUMN "spec_audible_audio_required" boolean;
  ALTER TABLE "sub_projects" ADD COLUMN "spec_camera_original_required" boolean;
  ALTER TABLE "_sub_projects_v" ADD COLUMN "version_spec_min_photo_count" numeric;
  ALTER TABLE "_sub_projects_v" ADD COLUMN "version_spec_min_image_long_side" numeric;
  ALTER TABLE "_sub_projects_v" ADD COLUMN "version_spec_min_image_short_side" numeric;
  ALTER TABLE "_sub_projects_v" ADD COLUMN "version_spec_audible_audio_required" boolean;
  ALTER TABLE "_sub_projects_v" ADD COLUMN "version_spec_camera_original_required" boolean;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "sub_projects" DROP COLUMN "spec_min_photo_count";
  ALTER TABLE "sub_projects" DROP COLUMN "spec_min_image_long_side";
  ALTER TABLE "sub_projects" DROP COLUMN "spec_min_image_short_side";
  ALTER TABLE "sub_projects" DROP COLUMN "spec_audible_audio_required";
  ALTER TABLE "sub_projects" DROP COLUMN "spec_camera_original_required";
  ALTER TABLE "_sub_projects_v" DROP COLUMN "version_spec_min_photo_count";
  ALTER TABLE "_sub_projects_v" DROP COLUMN "version_spec_min_image_long_side";
  ALTER TABLE "_sub_projects_v" DROP COLUMN "version_spec_min_image_short_side";
  ALTER TABLE "_sub_projects_v" DROP COLUMN "version_spec_audible_audio_required";
  ALTER TABLE "_sub_projects_v" DROP COLUMN "version_spec_camera_original_required";`)
}
