import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_media_media_kind" AS ENUM('video', 'audio', 'image', 'document', 'unknown');
  CREATE TYPE "public"."enum_media_processing_status" AS ENUM('pending', 'done', 'failed');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'processMedia' BEFORE 'purgeAuditLog';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'processMedia' BEFORE 'purgeAuditLog';
  CREATE TABLE "renditions" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"original_id" integer NOT NULL,
  	"name" varchar NOT NULL,
  	"rendition_width" numeric,
  	"rendition_height" numeric,
  	"checksum" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"url" varchar,
  	"thumbnail_u_r_l" varchar,
  	"filename" varchar,
  	"mime_type" varchar,
  	"filesize" numeric,
  	"width" numeric,
  	"height" numeric,
  	"focal_x" numeric,
  	"focal_y" numeric
  );
  
  DROP INDEX "media_sizes_thumbnail_sizes_thumbnail_filename_idx";
  DROP INDEX "media_sizes_card_sizes_card_filename_idx";
  ALTER TABLE "media" ADD COLUMN "media_kind" "enum_media_media_kind";
  ALTER TABLE "media" ADD COLUMN "probe" jsonb;
  ALTER TABLE "media" ADD COLUMN "processing_status" "enum_media_processing_status";
  ALTER TABLE "media" ADD COLUMN "processing_error" varchar;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "renditions_id" integer;
  ALTER TABLE "renditions" ADD CONSTRAINT "renditions_original_id_media_id_fk" FOREIGN KEY ("original_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "renditions_original_idx" ON "renditions" USING btree ("original_id");
  CREATE INDEX "renditions_name_idx" ON "renditions" USING btree ("name");
  CREATE INDEX "renditions_updated_at_idx" ON "renditions" USING btree ("updated_at");
  CREATE INDEX "renditions_created_at_idx" ON "renditions" USING btree ("created_at");
  CREATE UNIQUE INDEX "renditions_filename_idx" ON "renditions" USING btree ("filename");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_renditions_fk" FOREIGN KEY ("renditions_id") REFERENCES "public"."renditions"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "media_media_kind_idx" ON "media" USING btree ("media_kind");
  CREATE INDEX "payload_locked_documents_rels_renditions_id_idx" ON "payload_locked_documents_rels" USING btree ("renditions_id");
  ALTER TABLE "media" DROP COLUMN "sizes_thumbnail_url";
  ALTER TABLE "media" DROP COLUMN "sizes_thumbnail_width";
  ALTER TABLE "media" DROP COLUMN "sizes_thumbnail_height";
  ALTER TABLE "media" DROP COLUMN "sizes_thumbnail_mime_type";
  ALTER TABLE "media" DROP COLUMN "sizes_thumbnail_filesize";
  ALTER TABLE "media" DROP COLUMN "sizes_thumbnail_filename";
  ALTER TABLE "media" DROP COLUMN "sizes_card_url";
  ALTER TABLE "media" DROP COLUMN "sizes_card_width";
  ALTER TABLE "media" DROP COLUMN "sizes_card_height";
  ALTER TABLE "media" DROP COLUMN "sizes_card_mime_type";
  ALTER TABLE "media" DROP COLUMN "sizes_card_filesize";
  ALTER TABLE "media" DROP COLUMN "sizes_card_filename";`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "renditions" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "renditions" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_renditions_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'sendMail', 'purgeAuditLog', 'schedulePublish');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'sendMail', 'purgeAuditLog', 'schedulePublish');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "media_media_kind_idx";
  DROP INDEX "payload_locked_documents_rels_renditions_id_idx";
  ALTER TABLE "media" ADD COLUMN "sizes_thumbnail_url" varchar;
  ALTER TABLE "media" ADD COLUMN "sizes_thumbnail_width" numeric;
  ALTER TABLE "media" ADD COLUMN "sizes_thumbnail_height" numeric;
  ALTER TABLE "media" ADD COLUMN "sizes_thumbnail_mime_type" varchar;
  ALTER TABLE "media" ADD COLUMN "sizes_thumbnail_filesize" numeric;
  ALTER TABLE "media" ADD COLUMN "sizes_thumbnail_filename" varchar;
  ALTER TABLE "media" ADD COLUMN "sizes_card_url" varchar;
  ALTER TABLE "media" ADD COLUMN "sizes_card_width" numeric;
  ALTER TABLE "media" ADD COLUMN "sizes_card_height" numeric;
  ALTER TABLE "media" ADD COLUMN "sizes_card_mime_type" varchar;
  ALTER TABLE "media" ADD COLUMN "sizes_card_filesize" numeric;
  ALTER TABLE "media" ADD COLUMN "sizes_card_filename" varchar;
  CREATE INDEX "media_sizes_thumbnail_sizes_thumbnail_filename_idx" ON "media" USING btree ("sizes_thumbnail_filename");
  CREATE INDEX "media_sizes_card_sizes_card_filename_idx" ON "media" USING btree ("sizes_card_filename");
  ALTER TABLE "media" DROP COLUMN "media_kind";
  ALTER TABLE "media" DROP COLUMN "probe";
  ALTER TABLE "media" DROP COLUMN "processing_status";
  ALTER TABLE "media" DROP COLUMN "processing_error";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "renditions_id";
  DROP TYPE "public"."enum_media_media_kind";
  DROP TYPE "public"."enum_media_processing_status";`)
}
