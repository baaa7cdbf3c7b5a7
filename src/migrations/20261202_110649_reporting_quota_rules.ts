import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_sub_projects_quota_mode" AS ENUM('minimum', 'exact');
  CREATE TYPE "public"."enum__sub_projects_v_version_quota_mode" AS ENUM('minimum', 'exact');
  ALTER TABLE "campaigns" ADD COLUMN "time_zone" varchar DEFAULT 'Asia/Shanghai';
  ALTER TABLE "sub_projects" ADD COLUMN "title" varchar;
  ALTER TABLE "sub_projects" ADD COLUMN "quota_mode" "enum_sub_projects_quota_mode" DEFAULT 'minimum';
  ALTER TABLE "sub_projects" ADD COLUMN "quota_count" numeric;
  ALTER TABLE "_sub_projects_v" ADD COLUMN "version_title" varchar;
  ALTER TABLE "_sub_projects_v" ADD COLUMN "version_quota_mode" "enum__sub_projects_v_version_quota_mode" DEFAULT 'minimum';
  ALTER TABLE "_sub_projects_v" ADD COLUMN "version_quota_count" numeric;`)
  // Existing sub-projects get the picker title the hook gives new ones: 名称（主题活动）.
  await db.execute(sql`
  UPDATE "sub_projects" s SET "title" = s."name" || '（' || c."name" || '）'
    FROM "campaigns" c WHERE c."id" = s."campaign_id";
  UPDATE "_sub_projects_v" v SET "version_title" = v."version_name" || '（' || c."name" || '）'
    FROM "campaigns" c WHERE c."id" = v."version_campaign_id";`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "campaigns" DROP COLUMN "time_zone";
  ALTER TABLE "sub_projects" DROP COLUMN "title";
  ALTER TABLE "sub_projects" DROP COLUMN "quota_mode";
  ALTER TABLE "sub_projects" DROP COLUMN "quota_count";
  ALTER TABLE "_sub_projects_v" DROP COLUMN "version_title";
  ALTER TABLE "_sub_projects_v" DROP COLUMN "version_quota_mode";
  ALTER TABLE "_sub_projects_v" DROP COLUMN "version_quota_count";
  DROP TYPE "public"."enum_sub_projects_quota_mode";
  DROP TYPE "public"."enum__sub_projects_v_version_quota_mode";`)
}
