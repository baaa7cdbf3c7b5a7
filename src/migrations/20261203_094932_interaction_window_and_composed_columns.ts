import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_columns_sections_kind" AS ENUM('pinned', 'notices', 'works', 'craftsmen', 'picked');
  CREATE TYPE "public"."enum_columns_sections_media_kind" AS ENUM('video', 'audio', 'image', 'document', 'unknown');
  CREATE TYPE "public"."enum_columns_interaction_window_moderation" AS ENUM('pre', 'post');
  CREATE TYPE "public"."enum_columns_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum__columns_v_version_sections_kind" AS ENUM('pinned', 'notices', 'works', 'craftsmen', 'picked');
  CREATE TYPE "public"."enum__columns_v_version_sections_media_kind" AS ENUM('video', 'audio', 'image', 'document', 'unknown');
  CREATE TYPE "public"."enum__columns_v_version_channel" AS ENUM('pc', 'weibo', 'wechat', 'app');
  CREATE TYPE "public"."enum__columns_v_version_interaction_window_moderation" AS ENUM('pre', 'post');
  CREATE TYPE "public"."enum__columns_v_version_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum_interactions_kind" AS ENUM('comment', 'contribution');
  CREATE TYPE "public"."enum_interactions_state" AS ENUM('pending', 'approved', 'rejected');
  CREATE TYPE "public"."enum_sensitive_words_action" AS ENUM('block', 'hold', 'replace');
  ALTER TYPE "public"."enum_entries_source" ADD VALUE 'netizen-contribution';
  CREATE TABLE "columns_sections" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"kind" "enum_columns_sections_kind",
  	"title" varchar,
  	"limit" numeric DEFAULT 10,
  	"sub_project_id" integer,
  	"media_kind" "enum_columns_sections_media_kind",
  	"selected_only" boolean
  );
  
  CREATE TABLE "columns_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"entries_id" integer,
  	"notices_id" integer,
  	"featured_workers_id" integer
  );
  
  CREATE TABLE "_columns_v_version_sections" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"kind" "enum__columns_v_version_sections_kind",
  	"title" varchar,
  	"limit" numeric DEFAULT 10,
  	"sub_project_id" integer,
  	"media_kind" "enum__columns_v_version_sections_media_kind",
  	"selected_only" boolean,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_columns_v" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"parent_id" integer,
  	"version_title" varchar,
  	"version_campaign_id" integer,
  	"version_channel" "enum__columns_v_version_channel",
  	"version_unit_id" integer,
  	"version_partner_site_id" integer,
  	"version_url" varchar,
  	"version_banner_id" integer,
  	"version_intro" varchar,
  	"version_has_interaction_window" boolean,
  	"version_interaction_window_moderation" "enum__columns_v_version_interaction_window_moderation" DEFAULT 'pre',
  	"version_interaction_window_comments" boolean DEFAULT true,
  	"version_interaction_window_contributions" boolean DEFAULT true,
  	"version_updated_at" timestamp(3) with time zone,
  	"version_created_at" timestamp(3) with time zone,
  	"version__status" "enum__columns_v_version_status" DEFAULT 'draft',
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"latest" boolean
  );
  
  CREATE TABLE "_columns_v_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"entries_id" integer,
  	"notices_id" integer,
  	"featured_workers_id" integer
  );
  
  CREATE TABLE "interactions" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"kind" "enum_interactions_kind" NOT NULL,
  	"state" "enum_interactions_state" DEFAULT 'pending' NOT NULL,
  	"column_id" integer NOT NULL,
  	"entry_id" integer,
  	"campaign_id" integer,
  	"unit_id" integer,
  	"title" varchar,
  	"body" varchar,
  	"author_name" varchar,
  	"contact" varchar,
  	"hit_words" varchar,
  	"original" varchar,
  	"rejection_reason" varchar,
  	"moderated_by_id" integer,
  	"moderated_at" timestamp(3) with time zone,
  	"made_into_id" integer,
  	"origin_address" varchar,
  	"origin_address_key" varchar,
  	"origin_device" varchar,
  	"origin_user_agent" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "interactions_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"media_id" integer
  );
  
  CREATE TABLE "sensitive_words" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"word" varchar NOT NULL,
  	"action" "enum_sensitive_words_action" DEFAULT 'hold' NOT NULL,
  	"campaign_id" integer,
  	"note" varchar,
  	"list_key" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "columns" ALTER COLUMN "title" DROP NOT NULL;
  ALTER TABLE "columns" ALTER COLUMN "partner_site_id" DROP NOT NULL;
  ALTER TABLE "columns" ALTER COLUMN "campaign_id" DROP NOT NULL;
  ALTER TABLE "columns" ALTER COLUMN "channel" DROP NOT NULL;
  ALTER TABLE "columns" ADD COLUMN "unit_id" integer;
  ALTER TABLE "columns" ADD COLUMN "banner_id" integer;
  ALTER TABLE "columns" ADD COLUMN "intro" varchar;
  ALTER TABLE "columns" ADD COLUMN "interaction_window_moderation" "enum_columns_interaction_window_moderation" DEFAULT 'pre';
  ALTER TABLE "columns" ADD COLUMN "interaction_window_comments" boolean DEFAULT true;
  ALTER TABLE "columns" ADD COLUMN "interaction_window_contributions" boolean DEFAULT true;
  ALTER TABLE "columns" ADD COLUMN "_status" "enum_columns_status" DEFAULT 'draft';
  -- Columns stored before drafts were records of live partner columns: they stay published.
  UPDATE "columns" SET "_status" = 'published';
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "interactions_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "sensitive_words_id" integer;
  ALTER TABLE "columns_sections" ADD CONSTRAINT "columns_sections_sub_project_id_sub_projects_id_fk" FOREIGN KEY ("sub_project_id") REFERENCES "public"."sub_projects"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "columns_sections" ADD CONSTRAINT "columns_sections_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."columns"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "columns_rels" ADD CONSTRAINT "columns_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."columns"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "columns_rels" ADD CONSTRAINT "columns_rels_entries_fk" FOREIGN KEY ("entries_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "columns_rels" ADD CONSTRAINT "columns_rels_notices_fk" FOREIGN KEY ("notices_id") REFERENCES "public"."notices"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "columns_rels" ADD CONSTRAINT "columns_rels_featured_workers_fk" FOREIGN KEY ("featured_workers_id") REFERENCES "public"."featured_workers"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_columns_v_version_sections" ADD CONSTRAINT "_columns_v_version_sections_sub_project_id_sub_projects_id_fk" FOREIGN KEY ("sub_project_id") REFERENCES "public"."sub_projects"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_columns_v_version_sections" ADD CONSTRAINT "_columns_v_version_sections_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_columns_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_columns_v" ADD CONSTRAINT "_columns_v_parent_id_columns_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."columns"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_columns_v" ADD CONSTRAINT "_columns_v_version_campaign_id_campaigns_id_fk" FOREIGN KEY ("version_campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_columns_v" ADD CONSTRAINT "_columns_v_version_unit_id_organizers_id_fk" FOREIGN KEY ("version_unit_id") REFERENCES "public"."organizers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_columns_v" ADD CONSTRAINT "_columns_v_version_partner_site_id_partner_sites_id_fk" FOREIGN KEY ("version_partner_site_id") REFERENCES "public"."partner_sites"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_columns_v" ADD CONSTRAINT "_columns_v_version_banner_id_media_id_fk" FOREIGN KEY ("version_banner_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_columns_v_rels" ADD CONSTRAINT "_columns_v_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."_columns_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_columns_v_rels" ADD CONSTRAINT "_columns_v_rels_entries_fk" FOREIGN KEY ("entries_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_columns_v_rels" ADD CONSTRAINT "_columns_v_rels_notices_fk" FOREIGN KEY ("notices_id") REFERENCES "public"."notices"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_columns_v_rels" ADD CONSTRAINT "_columns_v_rels_featured_workers_fk" FOREIGN KEY ("featured_workers_id") REFERENCES "public"."featured_workers"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "interactions" ADD CONSTRAINT "interactions_column_id_columns_id_fk" FOREIGN KEY ("column_id") REFERENCES "public"."columns"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "interactions" ADD CONSTRAINT "interactions_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "interactions" ADD CONSTRAINT "interactions_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "interactions" ADD CONSTRAINT "interactions_unit_id_organizers_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."organizers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "interactions" ADD CONSTRAINT "interactions_moderated_by_id_users_id_fk" FOREIGN KEY ("moderated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "interactions" ADD CONSTRAINT "interactions_made_into_id_entries_id_fk" FOREIGN KEY ("made_into_id") REFERENCES "public"."entries"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "interactions_rels" ADD CONSTRAINT "interactions_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."interactions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "interactions_rels" ADD CONSTRAINT "interactions_rels_media_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "sensitive_words" ADD CONSTRAINT "sensitive_words_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "columns_sections_order_idx" ON "columns_sections" USING btree ("_order");
  CREATE INDEX "columns_sections_parent_id_idx" ON "columns_sections" USING btree ("_parent_id");
  CREATE INDEX "columns_sections_sub_project_idx" ON "columns_sections" USING btree ("sub_project_id");
  CREATE INDEX "columns_rels_order_idx" ON "columns_rels" USING btree ("order");
  CREATE INDEX "columns_rels_parent_idx" ON "columns_rels" USING btree ("parent_id");
  CREATE INDEX "columns_rels_path_idx" ON "columns_rels" USING btree ("path");
  CREATE INDEX "columns_rels_entries_id_idx" ON "columns_rels" USING btree ("entries_id");
  CREATE INDEX "columns_rels_notices_id_idx" ON "columns_rels" USING btree ("notices_id");
  CREATE INDEX "columns_rels_featured_workers_id_idx" ON "columns_rels" USING btree ("featured_workers_id");
  CREATE INDEX "_columns_v_version_sections_order_idx" ON "_columns_v_version_sections" USING btree ("_order");
  CREATE INDEX "_columns_v_version_sections_parent_id_idx" ON "_columns_v_version_sections" USING btree ("_parent_id");
  CREATE INDEX "_columns_v_version_sections_sub_project_idx" ON "_columns_v_version_sections" USING btree ("sub_project_id");
  CREATE INDEX "_columns_v_parent_idx" ON "_columns_v" USING btree ("parent_id");
  CREATE INDEX "_columns_v_version_version_campaign_idx" ON "_columns_v" USING btree ("version_campaign_id");
  CREATE INDEX "_columns_v_version_version_unit_idx" ON "_columns_v" USING btree ("version_unit_id");
  CREATE INDEX "_columns_v_version_version_partner_site_idx" ON "_columns_v" USING btree ("version_partner_site_id");
  CREATE INDEX "_columns_v_version_version_banner_idx" ON "_columns_v" USING btree ("version_banner_id");
  CREATE INDEX "_columns_v_version_version_updated_at_idx" ON "_columns_v" USING btree ("version_updated_at");
  CREATE INDEX "_columns_v_version_version_created_at_idx" ON "_columns_v" USING btree ("version_created_at");
  CREATE INDEX "_columns_v_version_version__status_idx" ON "_columns_v" USING btree ("version__status");
  CREATE INDEX "_columns_v_created_at_idx" ON "_columns_v" USING btree ("created_at");
  CREATE INDEX "_columns_v_updated_at_idx" ON "_columns_v" USING btree ("updated_at");
  CREATE INDEX "_columns_v_latest_idx" ON "_columns_v" USING btree ("latest");
  CREATE INDEX "_columns_v_rels_order_idx" ON "_columns_v_rels" USING btree ("order");
  CREATE INDEX "_columns_v_rels_parent_idx" ON "_columns_v_rels" USING btree ("parent_id");
  CREATE INDEX "_columns_v_rels_path_idx" ON "_columns_v_rels" USING btree ("path");
  CREATE INDEX "_columns_v_rels_entries_id_idx" ON "_columns_v_rels" USING btree ("entries_id");
  CREATE INDEX "_columns_v_rels_notices_id_idx" ON "_columns_v_rels" USING btree ("notices_id");
  CREATE INDEX "_columns_v_rels_featured_workers_id_idx" ON "_columns_v_rels" USING btree ("featured_workers_id");
  CREATE INDEX "interactions_state_idx" ON "interactions" USING btree ("state");
  CREATE INDEX "interactions_column_idx" ON "interactions" USING btree ("column_id");
  CREATE INDEX "interactions_entry_idx" ON "interactions" USING btree ("entry_id");
  CREATE INDEX "interactions_campaign_idx" ON "interactions" USING btree ("campaign_id");
  CREATE INDEX "interactions_unit_idx" ON "interactions" USING btree ("unit_id");
  CREATE INDEX "interactions_moderated_by_idx" ON "interactions" USING btree ("moderated_by_id");
  CREATE INDEX "interactions_made_into_idx" ON "interactions" USING btree ("made_into_id");
  CREATE INDEX "interactions_updated_at_idx" ON "interactions" USING btree ("updated_at");
  CREATE INDEX "interactions_created_at_idx" ON "interactions" USING btree ("created_at");
  CREATE INDEX "column_state_createdAt_idx" ON "interactions" USING btree ("column_id","state","created_at");
  CREATE INDEX "origin_addressKey_createdAt_idx" ON "interactions" USING btree ("origin_address_key","created_at");
  CREATE INDEX "origin_device_createdAt_idx" ON "interactions" USING btree ("origin_device","created_at");
  CREATE INDEX "interactions_rels_order_idx" ON "interactions_rels" USING btree ("order");
  CREATE INDEX "interactions_rels_parent_idx" ON "interactions_rels" USING btree ("parent_id");
  CREATE INDEX "interactions_rels_path_idx" ON "interactions_rels" USING btree ("path");
  CREATE INDEX "interactions_rels_media_id_idx" ON "interactions_rels" USING btree ("media_id");
  CREATE INDEX "sensitive_words_campaign_idx" ON "sensitive_words" USING btree ("campaign_id");
  CREATE UNIQUE INDEX "sensitive_words_list_key_idx" ON "sensitive_words" USING btree ("list_key");
  CREATE INDEX "sensitive_words_updated_at_idx" ON "sensitive_words" USING btree ("updated_at");
  CREATE INDEX "sensitive_words_created_at_idx" ON "sensitive_words" USING btree ("created_at");
  ALTER TABLE "columns" ADD CONSTRAINT "columns_unit_id_organizers_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."organizers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "columns" ADD CONSTRAINT "columns_banner_id_media_id_fk" FOREIGN KEY ("banner_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_interactions_fk" FOREIGN KEY ("interactions_id") REFERENCES "public"."interactions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_sensitive_words_fk" FOREIGN KEY ("sensitive_words_id") REFERENCES "public"."sensitive_words"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "columns_unit_idx" ON "columns" USING btree ("unit_id");
  CREATE INDEX "columns_banner_idx" ON "columns" USING btree ("banner_id");
  CREATE INDEX "columns__status_idx" ON "columns" USING btree ("_status");
  CREATE INDEX "payload_locked_documents_rels_interactions_id_idx" ON "payload_locked_documents_rels" USING btree ("interactions_id");
  CREATE INDEX "payload_locked_documents_rels_sensitive_words_id_idx" ON "payload_locked_documents_rels" USING btree ("sensitive_words_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "columns_sections" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "columns_rels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_columns_v_version_sections" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_columns_v" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_columns_v_rels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "interactions" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "interactions_rels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "sensitive_words" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "columns_sections" CASCADE;
  DROP TABLE "columns_rels" CASCADE;
  DROP TABLE "_columns_v_version_sections" CASCADE;
  DROP TABLE "_columns_v" CASCADE;
  DROP TABLE "_columns_v_rels" CASCADE;
  DROP TABLE "interactions" CASCADE;
  DROP TABLE "interactions_rels" CASCADE;
  DROP TABLE "sensitive_words" CASCADE;
  ALTER TABLE "columns" DROP CONSTRAINT "columns_unit_id_organizers_id_fk";
  
  ALTER TABLE "columns" DROP CONSTRAINT "columns_banner_id_media_id_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_interactions_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_sensitive_words_fk";
  
  ALTER TABLE "entries" ALTER COLUMN "source" SET DATA TYPE text;
  DROP TYPE "public"."enum_entries_source";
  CREATE TYPE "public"."enum_entries_source" AS ENUM('self-submitted', 'union-reported', 'netizen-recommended');
  ALTER TABLE "entries" ALTER COLUMN "source" SET DATA TYPE "public"."enum_entries_source" USING "source"::"public"."enum_entries_source";
  DROP INDEX "columns_unit_idx";
  DROP INDEX "columns_banner_idx";
  DROP INDEX "columns__status_idx";
  DROP INDEX "payload_locked_documents_rels_interactions_id_idx";
  DROP INDEX "payload_locked_documents_rels_sensitive_words_id_idx";
  ALTER TABLE "columns" ALTER COLUMN "title" SET NOT NULL;
  ALTER TABLE "columns" ALTER COLUMN "campaign_id" SET NOT NULL;
  ALTER TABLE "columns" ALTER COLUMN "channel" SET NOT NULL;
  ALTER TABLE "columns" ALTER COLUMN "partner_site_id" SET NOT NULL;
  ALTER TABLE "columns" DROP COLUMN "unit_id";
  ALTER TABLE "columns" DROP COLUMN "banner_id";
  ALTER TABLE "columns" DROP COLUMN "intro";
  ALTER TABLE "columns" DROP COLUMN "interaction_window_moderation";
  ALTER TABLE "columns" DROP COLUMN "interaction_window_comments";
  ALTER TABLE "columns" DROP COLUMN "interaction_window_contributions";
  ALTER TABLE "columns" DROP COLUMN "_status";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "interactions_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "sensitive_words_id";
  DROP TYPE "public"."enum_columns_sections_kind";
  DROP TYPE "public"."enum_columns_sections_media_kind";
  DROP TYPE "public"."enum_columns_interaction_window_moderation";
  DROP TYPE "public"."enum_columns_status";
  DROP TYPE "public"."enum__columns_v_version_sections_kind";
  DROP TYPE "public"."enum__columns_v_version_sections_media_kind";
  DROP TYPE "public"."enum__columns_v_version_channel";
  DROP TYPE "public"."enum__columns_v_version_interaction_window_moderation";
  DROP TYPE "public"."enum__columns_v_version_status";
  DROP TYPE "public"."enum_interactions_kind";
  DROP TYPE "public"."enum_interactions_state";
  DROP TYPE "public"."enum_sensitive_words_action";`)
}
