import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_campaigns_reporting_late_reporting" AS ENUM('flag', 'refuse');
  CREATE TYPE "public"."enum_report_batches_status" AS ENUM('draft', 'submitted');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'sendReportMail' BEFORE 'processMedia';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'sendReportMail' BEFORE 'processMedia';
  CREATE TABLE "report_batches_propagandist_report_counts" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"tier" varchar NOT NULL,
  	"count" numeric NOT NULL
  );
  
  CREATE TABLE "report_batches" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"title" varchar,
  	"campaign_id" integer NOT NULL,
  	"sub_project_id" integer,
  	"from_unit_id" integer,
  	"to_unit_id" integer,
  	"note" varchar,
  	"activity_report_text" varchar,
  	"propagandist_report_text" varchar,
  	"status" "enum_report_batches_status" DEFAULT 'draft',
  	"submitted_at" timestamp(3) with time zone,
  	"submitted_by_id" integer,
  	"is_late" boolean,
  	"mailed_to" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "report_batches_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"entries_id" integer,
  	"media_id" integer
  );
  
  CREATE TABLE "entries_report_path" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"from_id" integer,
  	"to_id" integer,
  	"batch_id" integer,
  	"at" timestamp(3) with time zone
  );
  
  ALTER TABLE "campaigns" ADD COLUMN "reporting_mailbox" varchar;
  ALTER TABLE "campaigns" ADD COLUMN "reporting_subject_template" varchar DEFAULT '{单位}+{子项目}';
  ALTER TABLE "campaigns" ADD COLUMN "reporting_late_reporting" "enum_campaigns_reporting_late_reporting" DEFAULT 'flag';
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "report_batches_id" integer;
  ALTER TABLE "report_batches_propagandist_report_counts" ADD CONSTRAINT "report_batches_propagandist_report_counts_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."report_batches"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "report_batches" ADD CONSTRAINT "report_batches_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "report_batches" ADD CONSTRAINT "report_batches_sub_project_id_sub_projects_id_fk" FOREIGN KEY ("sub_project_id") REFERENCES "public"."sub_projects"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "report_batches" ADD CONSTRAINT "report_batches_from_unit_id_organizers_id_fk" FOREIGN KEY ("from_unit_id") REFERENCES "public"."organizers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "report_batches" ADD CONSTRAINT "report_batches_to_unit_id_organizers_id_fk" FOREIGN KEY ("to_unit_id") REFERENCES "public"."organizers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "report_batches" ADD CONSTRAINT "report_batches_submitted_by_id_users_id_fk" FOREIGN KEY ("submitted_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "report_batches_rels" ADD CONSTRAINT "report_batches_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."report_batches"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "report_batches_rels" ADD CONSTRAINT "report_batches_rels_entries_fk" FOREIGN KEY ("entries_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "report_batches_rels" ADD CONSTRAINT "report_batches_rels_media_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "entries_report_path" ADD CONSTRAINT "entries_report_path_from_id_organizers_id_fk" FOREIGN KEY ("from_id") REFERENCES "public"."organizers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "entries_report_path" ADD CONSTRAINT "entries_report_path_to_id_organizers_id_fk" FOREIGN KEY ("to_id") REFERENCES "public"."organizers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "entries_report_path" ADD CONSTRAINT "entries_report_path_batch_id_report_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."report_batches"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "entries_report_path" ADD CONSTRAINT "entries_report_path_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "report_batches_propagandist_report_counts_order_idx" ON "report_batches_propagandist_report_counts" USING btree ("_order");
  CREATE INDEX "report_batches_propagandist_report_counts_parent_id_idx" ON "report_batches_propagandist_report_counts" USING btree ("_parent_id");
  CREATE INDEX "report_batches_campaign_idx" ON "report_batches" USING btree ("campaign_id");
  CREATE INDEX "report_batches_sub_project_idx" ON "report_batches" USING btree ("sub_project_id");
  CREATE INDEX "report_batches_from_unit_idx" ON "report_batches" USING btree ("from_unit_id");
  CREATE INDEX "report_batches_to_unit_idx" ON "report_batches" USING btree ("to_unit_id");
  CREATE INDEX "report_batches_submitted_by_idx" ON "report_batches" USING btree ("submitted_by_id");
  CREATE INDEX "report_batches_updated_at_idx" ON "report_batches" USING btree ("updated_at");
  CREATE INDEX "report_batches_created_at_idx" ON "report_batches" USING btree ("created_at");
  CREATE INDEX "report_batches_rels_order_idx" ON "report_batches_rels" USING btree ("order");
  CREATE INDEX "report_batches_rels_parent_idx" ON "report_batches_rels" USING btree ("parent_id");
  CREATE INDEX "report_batches_rels_path_idx" ON "report_batches_rels" USING btree ("path");
  CREATE INDEX "report_batches_rels_entries_id_idx" ON "report_batches_rels" USING btree ("entries_id");
  CREATE INDEX "report_batches_rels_media_id_idx" ON "report_batches_rels" USING btree ("media_id");
  CREATE INDEX "entries_report_path_order_idx" ON "entries_report_path" USING btree ("_order");
  CREATE INDEX "entries_report_path_parent_id_idx" ON "entries_report_path" USING btree ("_parent_id");
  CREATE INDEX "entries_report_path_from_idx" ON "entries_report_path" USING btree ("from_id");
  CREATE INDEX "entries_report_path_to_idx" ON "entries_report_path" USING btree ("to_id");
  CREATE INDEX "entries_report_path_batch_idx" ON "entries_report_path" USING btree ("batch_id");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_report_batches_fk" FOREIGN KEY ("report_batches_id") REFERENCES "public"."report_batches"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_report_batches_id_idx" ON "payload_locked_documents_rels" USING btree ("report_batches_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "report_batches_propagandist_report_counts" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "report_batches" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "report_batches_rels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "entries_report_path" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "report_batches_propagandist_report_counts" CASCADE;
  DROP TABLE "report_batches" CASCADE;
  DROP TABLE "report_batches_rels" CASCADE;
  DROP TABLE "entries_report_path" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_report_batches_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'sendMail', 'processMedia', 'stripStoredMedia', 'prependIntro', 'watermarkPhoto', 'deliverToPartner', 'sweepDeliveries', 'verifyReceipt', 'purgeAuditLog', 'schedulePublish');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'sendMail', 'processMedia', 'stripStoredMedia', 'prependIntro', 'watermarkPhoto', 'deliverToPartner', 'sweepDeliveries', 'verifyReceipt', 'purgeAuditLog', 'schedulePublish');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "payload_locked_documents_rels_report_batches_id_idx";
  ALTER TABLE "campaigns" DROP COLUMN "reporting_mailbox";
  ALTER TABLE "campaigns" DROP COLUMN "reporting_subject_template";
  ALTER TABLE "campaigns" DROP COLUMN "reporting_late_reporting";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "report_batches_id";
  DROP TYPE "public"."enum_campaigns_reporting_late_reporting";
  DROP TYPE "public"."enum_report_batches_status";`)
}
