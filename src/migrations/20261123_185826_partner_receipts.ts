import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_receipts_kind" AS ENUM('published', 'declined');
  CREATE TYPE "public"."enum_receipts_channel" AS ENUM('pc', 'weibo', 'wechat', 'app');
  CREATE TYPE "public"."enum_receipts_verification_status" AS ENUM('pending', 'verified', 'unverified', 'unreachable');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'verifyReceipt' BEFORE 'purgeAuditLog';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'verifyReceipt' BEFORE 'purgeAuditLog';
  CREATE TABLE "receipts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"entry_id" integer NOT NULL,
  	"partner_site_id" integer NOT NULL,
  	"kind" "enum_receipts_kind" NOT NULL,
  	"url" varchar,
  	"channel" "enum_receipts_channel",
  	"column" varchar,
  	"published_at" timestamp(3) with time zone,
  	"reason" varchar,
  	"verification_status" "enum_receipts_verification_status",
  	"verification_checked_at" timestamp(3) with time zone,
  	"verification_detail" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "receipts_id" integer;
  ALTER TABLE "receipts" ADD CONSTRAINT "receipts_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "receipts" ADD CONSTRAINT "receipts_partner_site_id_partner_sites_id_fk" FOREIGN KEY ("partner_site_id") REFERENCES "public"."partner_sites"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "receipts_entry_idx" ON "receipts" USING btree ("entry_id");
  CREATE INDEX "receipts_partner_site_idx" ON "receipts" USING btree ("partner_site_id");
  CREATE INDEX "receipts_verification_verification_status_idx" ON "receipts" USING btree ("verification_status");
  CREATE INDEX "receipts_updated_at_idx" ON "receipts" USING btree ("updated_at");
  CREATE INDEX "receipts_created_at_idx" ON "receipts" USING btree ("created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_receipts_fk" FOREIGN KEY ("receipts_id") REFERENCES "public"."receipts"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_receipts_id_idx" ON "payload_locked_documents_rels" USING btree ("receipts_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "receipts" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "receipts" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_receipts_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'sendMail', 'processMedia', 'prependIntro', 'deliverToPartner', 'sweepDeliveries', 'purgeAuditLog', 'schedulePublish');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'sendMail', 'processMedia', 'prependIntro', 'deliverToPartner', 'sweepDeliveries', 'purgeAuditLog', 'schedulePublish');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "payload_locked_documents_rels_receipts_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "receipts_id";
  DROP TYPE "public"."enum_receipts_kind";
  DROP TYPE "public"."enum_receipts_channel";
  DROP TYPE "public"."enum_receipts_verification_status";`)
}
