import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_campaigns_unification_theme_rule" AS ENUM('enforce', 'warn', 'off');
  CREATE TYPE "public"."enum_campaigns_unification_columns_rule" AS ENUM('enforce', 'warn', 'off');
  CREATE TYPE "public"."enum_campaigns_unification_label_rule" AS ENUM('enforce', 'warn', 'off');
  CREATE TYPE "public"."enum_campaigns_unification_best_works_rule" AS ENUM('enforce', 'warn', 'off');
  CREATE TYPE "public"."enum_campaigns_unification_label_position" AS ENUM('prefix', 'suffix');
  CREATE TYPE "public"."enum_entries_recommendations_kind" AS ENUM('partner', 'union');
  CREATE TYPE "public"."enum_entries_best_work_status" AS ENUM('recommended', 'selected');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'prependIntro' BEFORE 'purgeAuditLog';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'prependIntro' BEFORE 'purgeAuditLog';
  CREATE TABLE "entries_recommendations" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"by" varchar,
  	"kind" "enum_entries_recommendations_kind",
  	"at" timestamp(3) with time zone,
  	"reason" varchar
  );
  
  ALTER TABLE "campaigns" ADD COLUMN "unification_theme_rule" "enum_campaigns_unification_theme_rule" DEFAULT 'enforce';
  ALTER TABLE "campaigns" ADD COLUMN "unification_columns_rule" "enum_campaigns_unification_columns_rule" DEFAULT 'warn';
  ALTER TABLE "campaigns" ADD COLUMN "unification_label_rule" "enum_campaigns_unification_label_rule" DEFAULT 'enforce';
  ALTER TABLE "campaigns" ADD COLUMN "unification_best_works_rule" "enum_campaigns_unification_best_works_rule" DEFAULT 'enforce';
  ALTER TABLE "campaigns" ADD COLUMN "unification_label_position" "enum_campaigns_unification_label_position" DEFAULT 'prefix';
  ALTER TABLE "campaigns" ADD COLUMN "unification_label_brackets" varchar DEFAULT '【】';
  ALTER TABLE "entries" ADD COLUMN "best_work_status" "enum_entries_best_work_status";
  ALTER TABLE "entries" ADD COLUMN "best_work_selected_at" timestamp(3) with time zone;
  ALTER TABLE "entries" ADD COLUMN "best_work_selected_by_id" integer;
  ALTER TABLE "entries" ADD COLUMN "best_work_reason" varchar;
  ALTER TABLE "renditions" ADD COLUMN "intro_id" integer;
  ALTER TABLE "entries_recommendations" ADD CONSTRAINT "entries_recommendations_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "entries_recommendations_order_idx" ON "entries_recommendations" USING btree ("_order");
  CREATE INDEX "entries_recommendations_parent_id_idx" ON "entries_recommendations" USING btree ("_parent_id");
  ALTER TABLE "entries" ADD CONSTRAINT "entries_best_work_selected_by_id_users_id_fk" FOREIGN KEY ("best_work_selected_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "renditions" ADD CONSTRAINT "renditions_intro_id_media_id_fk" FOREIGN KEY ("intro_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "entries_best_work_best_work_status_idx" ON "entries" USING btree ("best_work_status");
  CREATE INDEX "entries_best_work_best_work_selected_by_idx" ON "entries" USING btree ("best_work_selected_by_id");
  CREATE INDEX "renditions_intro_idx" ON "renditions" USING btree ("intro_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "entries_recommendations" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "entries_recommendations" CASCADE;
  ALTER TABLE "entries" DROP CONSTRAINT "entries_best_work_selected_by_id_users_id_fk";
  
  ALTER TABLE "renditions" DROP CONSTRAINT "renditions_intro_id_media_id_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'sendMail', 'processMedia', 'purgeAuditLog', 'schedulePublish');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'sendMail', 'processMedia', 'purgeAuditLog', 'schedulePublish');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "entries_best_work_best_work_status_idx";
  DROP INDEX "entries_best_work_best_work_selected_by_idx";
  DROP INDEX "renditions_intro_idx";
  ALTER TABLE "campaigns" DROP COLUMN "unification_theme_rule";
  ALTER TABLE "campaigns" DROP COLUMN "unification_columns_rule";
  ALTER TABLE "campaigns" DROP COLUMN "unification_label_rule";
  ALTER TABLE "campaigns" DROP COLUMN "unification_best_works_rule";
  ALTER TABLE "campaigns" DROP COLUMN "unification_label_position";
  ALTER TABLE "campaigns" DROP COLUMN "unification_label_brackets";
  ALTER TABLE "entries" DROP COLUMN "best_work_status";
  ALTER TABLE "entries" DROP COLUMN "best_work_selected_at";
  ALTER TABLE "entries" DROP COLUMN "best_work_selected_by_id";
  ALTER TABLE "entries" DROP COLUMN "best_work_reason";
  ALTER TABLE "renditions" DROP COLUMN "intro_id";
  DROP TYPE "public"."enum_campaigns_unification_theme_rule";
  DROP TYPE "public"."enum_campaigns_unification_columns_rule";
  DROP TYPE "public"."enum_campaigns_unification_label_rule";
  DROP TYPE "public"."enum_campaigns_unification_best_works_rule";
  DROP TYPE "public"."enum_campaigns_unification_label_position";
  DROP TYPE "public"."enum_entries_recommendations_kind";
  DROP TYPE "public"."enum_entries_best_work_status";`)
}
