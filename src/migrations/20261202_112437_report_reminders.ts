import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_contacts_working_group_role" AS ENUM('leader', 'deputy', 'member', 'liaison');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'remindBehindQuota' BEFORE 'processMedia';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'remindBehindQuota' BEFORE 'processMedia';
  ALTER TABLE "campaigns" ADD COLUMN "reporting_reminder_days" numeric DEFAULT 3;
  ALTER TABLE "sub_projects" ADD COLUMN "reminded_for" timestamp(3) with time zone;
  ALTER TABLE "_sub_projects_v" ADD COLUMN "version_reminded_for" timestamp(3) with time zone;
  ALTER TABLE "contacts" ADD COLUMN "working_group_role" "enum_contacts_working_group_role";`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'sendMail', 'sendReportMail', 'processMedia', 'stripStoredMedia', 'prependIntro', 'watermarkPhoto', 'deliverToPartner', 'sweepDeliveries', 'verifyReceipt', 'purgeAuditLog', 'schedulePublish');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'sendMail', 'sendReportMail', 'processMedia', 'stripStoredMedia', 'prependIntro', 'watermarkPhoto', 'deliverToPartner', 'sweepDeliveries', 'verifyReceipt', 'purgeAuditLog', 'schedulePublish');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  ALTER TABLE "campaigns" DROP COLUMN "reporting_reminder_days";
  ALTER TABLE "sub_projects" DROP COLUMN "reminded_for";
  ALTER TABLE "_sub_projects_v" DROP COLUMN "version_reminded_for";
  ALTER TABLE "contacts" DROP COLUMN "working_group_role";
  DROP TYPE "public"."enum_contacts_working_group_role";`)
}
