import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_campaigns_status" AS ENUM('draft', 'active', 'closed', 'archived');
  CREATE TYPE "public"."enum_notices_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum__notices_v_version_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum_sub_projects_platforms_kind" AS ENUM('website', 'wechat', 'weibo', 'app');
  CREATE TYPE "public"."enum_sub_projects_spec_media_kinds" AS ENUM('video', 'image', 'audio', 'text');
  CREATE TYPE "public"."enum_sub_projects_kind" AS ENUM('micro-video', 'photography', 'recitation', 'micro-film', 'song', 'micro-lesson', 'service-platform', 'activity-case', 'public-service-ad', 'picture-story', 'book-review', 'essay', 'calligraphy', 'slogan', 'other');
  CREATE TYPE "public"."enum_sub_projects_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum__sub_projects_v_version_platforms_kind" AS ENUM('website', 'wechat', 'weibo', 'app');
  CREATE TYPE "public"."enum__sub_projects_v_version_spec_media_kinds" AS ENUM('video', 'image', 'audio', 'text');
  CREATE TYPE "public"."enum__sub_projects_v_version_kind" AS ENUM('micro-video', 'photography', 'recitation', 'micro-film', 'song', 'micro-lesson', 'service-platform', 'activity-case', 'public-service-ad', 'picture-story', 'book-review', 'essay', 'calligraphy', 'slogan', 'other');
  CREATE TYPE "public"."enum__sub_projects_v_version_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum_entries_form" AS ENUM('graphic', 'video', 'h5', 'panorama');
  CREATE TYPE "public"."enum_entries_source" AS ENUM('self-submitted', 'union-reported', 'netizen-recommended');
  CREATE TYPE "public"."enum_entries_status" AS ENUM('draft', 'submitted', 'screened-in', 'screened-out', 'reported', 'in-review', 'awarded', 'not-awarded', 'published');
  CREATE TYPE "public"."enum_entries_award_tier" AS ENUM('first', 'second', 'third', 'excellence');
  CREATE TYPE "public"."enum_featured_workers_recommended_by" AS ENUM('union', 'reporter', 'self', 'netizen');
  CREATE TYPE "public"."enum_featured_workers_status" AS ENUM('recommended', 'verified', 'interviewed', 'published');
  CREATE TYPE "public"."enum_partner_sites_channels" AS ENUM('pc', 'weibo', 'wechat', 'app');
  CREATE TYPE "public"."enum_partner_sites_kind" AS ENUM('central-news-site', 'commercial-site', 'union-site', 'union-new-media');
  CREATE TYPE "public"."enum_columns_channel" AS ENUM('pc', 'weibo', 'wechat', 'app');
  CREATE TYPE "public"."enum_organizers_kind" AS ENUM('cac', 'federation', 'industry-union', 'central-news-site', 'commercial-site', 'union-site', 'publisher', 'enterprise', 'other');
  CREATE TYPE "public"."enum_organizers_level" AS ENUM('national', 'provincial', 'city', 'county', 'grassroots');
  CREATE TYPE "public"."enum_contacts_public_fields" AS ENUM('department', 'mobile', 'landline', 'email');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'schedulePublish';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'schedulePublish';
  CREATE TABLE "campaigns_phases_deadlines" (
  	"_order" integer NOT NULL,
  	"_parent_id" varchar NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"date" timestamp(3) with time zone NOT NULL,
  	"due" varchar NOT NULL
  );
  
  CREATE TABLE "campaigns_phases" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"name" varchar NOT NULL,
  	"start" timestamp(3) with time zone,
  	"end" timestamp(3) with time zone,
  	"description" varchar
  );
  
  CREATE TABLE "campaigns_propagandist_targets" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"tier" varchar NOT NULL,
  	"count" numeric NOT NULL
  );
  
  CREATE TABLE "campaigns" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"name" varchar NOT NULL,
  	"year" numeric NOT NULL,
  	"status" "enum_campaigns_status" DEFAULT 'draft' NOT NULL,
  	"theme" varchar,
  	"period_start" timestamp(3) with time zone,
  	"period_end" timestamp(3) with time zone,
  	"label" varchar,
  	"intro_clip_id" integer,
  	"logo_id" integer,
  	"parent_id" integer,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "campaigns_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"organizers_id" integer
  );
  
  CREATE TABLE "notices_attachments" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"title" varchar,
  	"file_id" integer,
  	"table" varchar
  );
  
  CREATE TABLE "notices" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"title" varchar,
  	"document_number" varchar,
  	"issuer_code" varchar,
  	"document_year" numeric,
  	"document_serial" numeric,
  	"issue_date" timestamp(3) with time zone,
  	"recipients" varchar,
  	"campaign_id" integer,
  	"body" jsonb,
  	"forwards_id" integer,
  	"forwarding_text" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"_status" "enum_notices_status" DEFAULT 'draft'
  );
  
  CREATE TABLE "notices_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"organizers_id" integer,
  	"contacts_id" integer
  );
  
  CREATE TABLE "_notices_v_version_attachments" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"title" varchar,
  	"file_id" integer,
  	"table" varchar,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_notices_v" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"parent_id" integer,
  	"version_title" varchar,
  	"version_document_number" varchar,
  	"version_issuer_code" varchar,
  	"version_document_year" numeric,
  	"version_document_serial" numeric,
  	"version_issue_date" timestamp(3) with time zone,
  	"version_recipients" varchar,
  	"version_campaign_id" integer,
  	"version_body" jsonb,
  	"version_forwards_id" integer,
  	"version_forwarding_text" varchar,
  	"version_updated_at" timestamp(3) with time zone,
  	"version_created_at" timestamp(3) with time zone,
  	"version__status" "enum__notices_v_version_status" DEFAULT 'draft',
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"latest" boolean
  );
  
  CREATE TABLE "_notices_v_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"organizers_id" integer,
  	"contacts_id" integer
  );
  
  CREATE TABLE "sub_projects_platforms" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"kind" "enum_sub_projects_platforms_kind",
  	"name" varchar,
  	"address" varchar
  );
  
  CREATE TABLE "sub_projects_spec_media_kinds" (
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"value" "enum_sub_projects_spec_media_kinds",
  	"id" serial PRIMARY KEY NOT NULL
  );
  
  CREATE TABLE "sub_projects" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"campaign_id" integer,
  	"name" varchar,
  	"kind" "enum_sub_projects_kind",
  	"deadline" timestamp(3) with time zone,
  	"description" varchar,
  	"host_id" integer,
  	"spec_min_duration_seconds" numeric,
  	"spec_max_duration_seconds" numeric,
  	"spec_max_file_size_m_b" numeric,
  	"spec_min_text_length" numeric,
  	"spec_max_text_length" numeric,
  	"spec_subtitles_required" boolean,
  	"spec_authenticity_required" boolean,
  	"spec_notes" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"_status" "enum_sub_projects_status" DEFAULT 'draft'
  );
  
  CREATE TABLE "sub_projects_texts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"text" varchar
  );
  
  CREATE TABLE "sub_projects_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"contacts_id" integer
  );
  
  CREATE TABLE "_sub_projects_v_version_platforms" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"kind" "enum__sub_projects_v_version_platforms_kind",
  	"name" varchar,
  	"address" varchar,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_sub_projects_v_version_spec_media_kinds" (
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"value" "enum__sub_projects_v_version_spec_media_kinds",
  	"id" serial PRIMARY KEY NOT NULL
  );
  
  CREATE TABLE "_sub_projects_v" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"parent_id" integer,
  	"version_campaign_id" integer,
  	"version_name" varchar,
  	"version_kind" "enum__sub_projects_v_version_kind",
  	"version_deadline" timestamp(3) with time zone,
  	"version_description" varchar,
  	"version_host_id" integer,
  	"version_spec_min_duration_seconds" numeric,
  	"version_spec_max_duration_seconds" numeric,
  	"version_spec_max_file_size_m_b" numeric,
  	"version_spec_min_text_length" numeric,
  	"version_spec_max_text_length" numeric,
  	"version_spec_subtitles_required" boolean,
  	"version_spec_authenticity_required" boolean,
  	"version_spec_notes" varchar,
  	"version_updated_at" timestamp(3) with time zone,
  	"version_created_at" timestamp(3) with time zone,
  	"version__status" "enum__sub_projects_v_version_status" DEFAULT 'draft',
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"latest" boolean
  );
  
  CREATE TABLE "_sub_projects_v_texts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"text" varchar
  );
  
  CREATE TABLE "_sub_projects_v_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"contacts_id" integer
  );
  
  CREATE TABLE "quotas_works" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"sub_project_id" integer NOT NULL,
  	"count" numeric NOT NULL
  );
  
  CREATE TABLE "quotas" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"title" varchar,
  	"campaign_id" integer NOT NULL,
  	"unit_id" integer NOT NULL,
  	"offline_events" numeric,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "entries_authors" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"name" varchar NOT NULL,
  	"unit" varchar,
  	"job" varchar
  );
  
  CREATE TABLE "entries" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"title" varchar NOT NULL,
  	"sub_project_id" integer NOT NULL,
  	"campaign_id" integer,
  	"submitting_unit_id" integer,
  	"form" "enum_entries_form",
  	"source" "enum_entries_source",
  	"text" varchar,
  	"description" varchar,
  	"is_authentic" boolean,
  	"status" "enum_entries_status" DEFAULT 'draft' NOT NULL,
  	"award_tier" "enum_entries_award_tier",
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "entries_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"media_id" integer
  );
  
  CREATE TABLE "featured_workers_honours" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"honour" varchar NOT NULL
  );
  
  CREATE TABLE "featured_workers" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"name" varchar NOT NULL,
  	"campaign_id" integer,
  	"photo_id" integer,
  	"employer" varchar,
  	"trade" varchar,
  	"grade" varchar,
  	"region" varchar,
  	"story" jsonb,
  	"recommended_by" "enum_featured_workers_recommended_by",
  	"status" "enum_featured_workers_status" DEFAULT 'recommended' NOT NULL,
  	"recommender_name" varchar,
  	"recommender_organizer_id" integer,
  	"recommender_contact" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "featured_workers_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"entries_id" integer
  );
  
  CREATE TABLE "partner_sites_channels" (
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"value" "enum_partner_sites_channels",
  	"id" serial PRIMARY KEY NOT NULL
  );
  
  CREATE TABLE "partner_sites" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"name" varchar NOT NULL,
  	"organizer_id" integer,
  	"kind" "enum_partner_sites_kind" NOT NULL,
  	"website" varchar,
  	"is_active" boolean DEFAULT true,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "columns" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"title" varchar NOT NULL,
  	"partner_site_id" integer NOT NULL,
  	"campaign_id" integer NOT NULL,
  	"channel" "enum_columns_channel" NOT NULL,
  	"url" varchar,
  	"has_interaction_window" boolean,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "organizers" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"name" varchar NOT NULL,
  	"short_name" varchar,
  	"kind" "enum_organizers_kind" NOT NULL,
  	"level" "enum_organizers_level" NOT NULL,
  	"parent_id" integer,
  	"region" varchar,
  	"website" varchar,
  	"reporting_mailbox" varchar,
  	"path" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "contacts_public_fields" (
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"value" "enum_contacts_public_fields",
  	"id" serial PRIMARY KEY NOT NULL
  );
  
  CREATE TABLE "contacts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"name" varchar NOT NULL,
  	"organizer_id" integer,
  	"department" varchar,
  	"mobile" varchar,
  	"landline" varchar,
  	"email" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "campaigns_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "notices_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "sub_projects_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "quotas_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "entries_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "featured_workers_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "partner_sites_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "columns_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "organizers_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "contacts_id" integer;
  ALTER TABLE "campaigns_phases_deadlines" ADD CONSTRAINT "campaigns_phases_deadlines_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."campaigns_phases"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "campaigns_phases" ADD CONSTRAINT "campaigns_phases_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "campaigns_propagandist_targets" ADD CONSTRAINT "campaigns_propagandist_targets_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_intro_clip_id_media_id_fk" FOREIGN KEY ("intro_clip_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_logo_id_media_id_fk" FOREIGN KEY ("logo_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_parent_id_campaigns_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "campaigns_rels" ADD CONSTRAINT "campaigns_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "campaigns_rels" ADD CONSTRAINT "campaigns_rels_organizers_fk" FOREIGN KEY ("organizers_id") REFERENCES "public"."organizers"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "notices_attachments" ADD CONSTRAINT "notices_attachments_file_id_media_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "notices_attachments" ADD CONSTRAINT "notices_attachments_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."notices"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "notices" ADD CONSTRAINT "notices_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "notices" ADD CONSTRAINT "notices_forwards_id_notices_id_fk" FOREIGN KEY ("forwards_id") REFERENCES "public"."notices"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "notices_rels" ADD CONSTRAINT "notices_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."notices"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "notices_rels" ADD CONSTRAINT "notices_rels_organizers_fk" FOREIGN KEY ("organizers_id") REFERENCES "public"."organizers"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "notices_rels" ADD CONSTRAINT "notices_rels_contacts_fk" FOREIGN KEY ("contacts_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_notices_v_version_attachments" ADD CONSTRAINT "_notices_v_version_attachments_file_id_media_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_notices_v_version_attachments" ADD CONSTRAINT "_notices_v_version_attachments_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_notices_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_notices_v" ADD CONSTRAINT "_notices_v_parent_id_notices_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."notices"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_notices_v" ADD CONSTRAINT "_notices_v_version_campaign_id_campaigns_id_fk" FOREIGN KEY ("version_campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_notices_v" ADD CONSTRAINT "_notices_v_version_forwards_id_notices_id_fk" FOREIGN KEY ("version_forwards_id") REFERENCES "public"."notices"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_notices_v_rels" ADD CONSTRAINT "_notices_v_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."_notices_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_notices_v_rels" ADD CONSTRAINT "_notices_v_rels_organizers_fk" FOREIGN KEY ("organizers_id") REFERENCES "public"."organizers"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_notices_v_rels" ADD CONSTRAINT "_notices_v_rels_contacts_fk" FOREIGN KEY ("contacts_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "sub_projects_platforms" ADD CONSTRAINT "sub_projects_platforms_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."sub_projects"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "sub_projects_spec_media_kinds" ADD CONSTRAINT "sub_projects_spec_media_kinds_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."sub_projects"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "sub_projects" ADD CONSTRAINT "sub_projects_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "sub_projects" ADD CONSTRAINT "sub_projects_host_id_organizers_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."organizers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "sub_projects_texts" ADD CONSTRAINT "sub_projects_texts_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."sub_projects"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "sub_projects_rels" ADD CONSTRAINT "sub_projects_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."sub_projects"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "sub_projects_rels" ADD CONSTRAINT "sub_projects_rels_contacts_fk" FOREIGN KEY ("contacts_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_sub_projects_v_version_platforms" ADD CONSTRAINT "_sub_projects_v_version_platforms_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_sub_projects_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_sub_projects_v_version_spec_media_kinds" ADD CONSTRAINT "_sub_projects_v_version_spec_media_kinds_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."_sub_projects_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_sub_projects_v" ADD CONSTRAINT "_sub_projects_v_parent_id_sub_projects_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."sub_projects"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_sub_projects_v" ADD CONSTRAINT "_sub_projects_v_version_campaign_id_campaigns_id_fk" FOREIGN KEY ("version_campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_sub_projects_v" ADD CONSTRAINT "_sub_projects_v_version_host_id_organizers_id_fk" FOREIGN KEY ("version_host_id") REFERENCES "public"."organizers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_sub_projects_v_texts" ADD CONSTRAINT "_sub_projects_v_texts_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."_sub_projects_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_sub_projects_v_rels" ADD CONSTRAINT "_sub_projects_v_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."_sub_projects_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_sub_projects_v_rels" ADD CONSTRAINT "_sub_projects_v_rels_contacts_fk" FOREIGN KEY ("contacts_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "quotas_works" ADD CONSTRAINT "quotas_works_sub_project_id_sub_projects_id_fk" FOREIGN KEY ("sub_project_id") REFERENCES "public"."sub_projects"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "quotas_works" ADD CONSTRAINT "quotas_works_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."quotas"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "quotas" ADD CONSTRAINT "quotas_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "quotas" ADD CONSTRAINT "quotas_unit_id_organizers_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."organizers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "entries_authors" ADD CONSTRAINT "entries_authors_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "entries" ADD CONSTRAINT "entries_sub_project_id_sub_projects_id_fk" FOREIGN KEY ("sub_project_id") REFERENCES "public"."sub_projects"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "entries" ADD CONSTRAINT "entries_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "entries" ADD CONSTRAINT "entries_submitting_unit_id_organizers_id_fk" FOREIGN KEY ("submitting_unit_id") REFERENCES "public"."organizers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "entries_rels" ADD CONSTRAINT "entries_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "entries_rels" ADD CONSTRAINT "entries_rels_media_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "featured_workers_honours" ADD CONSTRAINT "featured_workers_honours_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."featured_workers"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "featured_workers" ADD CONSTRAINT "featured_workers_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "featured_workers" ADD CONSTRAINT "featured_workers_photo_id_media_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "featured_workers" ADD CONSTRAINT "featured_workers_recommender_organizer_id_organizers_id_fk" FOREIGN KEY ("recommender_organizer_id") REFERENCES "public"."organizers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "featured_workers_rels" ADD CONSTRAINT "featured_workers_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."featured_workers"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "featured_workers_rels" ADD CONSTRAINT "featured_workers_rels_entries_fk" FOREIGN KEY ("entries_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "partner_sites_channels" ADD CONSTRAINT "partner_sites_channels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."partner_sites"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "partner_sites" ADD CONSTRAINT "partner_sites_organizer_id_organizers_id_fk" FOREIGN KEY ("organizer_id") REFERENCES "public"."organizers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "columns" ADD CONSTRAINT "columns_partner_site_id_partner_sites_id_fk" FOREIGN KEY ("partner_site_id") REFERENCES "public"."partner_sites"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "columns" ADD CONSTRAINT "columns_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "organizers" ADD CONSTRAINT "organizers_parent_id_organizers_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."organizers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "contacts_public_fields" ADD CONSTRAINT "contacts_public_fields_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "contacts" ADD CONSTRAINT "contacts_organizer_id_organizers_id_fk" FOREIGN KEY ("organizer_id") REFERENCES "public"."organizers"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "campaigns_phases_deadlines_order_idx" ON "campaigns_phases_deadlines" USING btree ("_order");
  CREATE INDEX "campaigns_phases_deadlines_parent_id_idx" ON "campaigns_phases_deadlines" USING btree ("_parent_id");
  CREATE INDEX "campaigns_phases_order_idx" ON "campaigns_phases" USING btree ("_order");
  CREATE INDEX "campaigns_phases_parent_id_idx" ON "campaigns_phases" USING btree ("_parent_id");
  CREATE INDEX "campaigns_propagandist_targets_order_idx" ON "campaigns_propagandist_targets" USING btree ("_order");
  CREATE INDEX "campaigns_propagandist_targets_parent_id_idx" ON "campaigns_propagandist_targets" USING btree ("_parent_id");
  CREATE INDEX "campaigns_intro_clip_idx" ON "campaigns" USING btree ("intro_clip_id");
  CREATE INDEX "campaigns_logo_idx" ON "campaigns" USING btree ("logo_id");
  CREATE INDEX "campaigns_parent_idx" ON "campaigns" USING btree ("parent_id");
  CREATE INDEX "campaigns_updated_at_idx" ON "campaigns" USING btree ("updated_at");
  CREATE INDEX "campaigns_created_at_idx" ON "campaigns" USING btree ("created_at");
  CREATE INDEX "campaigns_rels_order_idx" ON "campaigns_rels" USING btree ("order");
  CREATE INDEX "campaigns_rels_parent_idx" ON "campaigns_rels" USING btree ("parent_id");
  CREATE INDEX "campaigns_rels_path_idx" ON "campaigns_rels" USING btree ("path");
  CREATE INDEX "campaigns_rels_organizers_id_idx" ON "campaigns_rels" USING btree ("organizers_id");
  CREATE INDEX "notices_attachments_order_idx" ON "notices_attachments" USING btree ("_order");
  CREATE INDEX "notices_attachments_parent_id_idx" ON "notices_attachments" USING btree ("_parent_id");
  CREATE INDEX "notices_attachments_file_idx" ON "notices_attachments" USING btree ("file_id");
  CREATE UNIQUE INDEX "notices_document_number_idx" ON "notices" USING btree ("document_number");
  CREATE INDEX "notices_campaign_idx" ON "notices" USING btree ("campaign_id");
  CREATE INDEX "notices_forwards_idx" ON "notices" USING btree ("forwards_id");
  CREATE INDEX "notices_updated_at_idx" ON "notices" USING btree ("updated_at");
  CREATE INDEX "notices_created_at_idx" ON "notices" USING btree ("created_at");
  CREATE INDEX "notices__status_idx" ON "notices" USING btree ("_status");
  CREATE INDEX "notices_rels_order_idx" ON "notices_rels" USING btree ("order");
  CREATE INDEX "notices_rels_parent_idx" ON "notices_rels" USING btree ("parent_id");
  CREATE INDEX "notices_rels_path_idx" ON "notices_rels" USING btree ("path");
  CREATE INDEX "notices_rels_organizers_id_idx" ON "notices_rels" USING btree ("organizers_id");
  CREATE INDEX "notices_rels_contacts_id_idx" ON "notices_rels" USING btree ("contacts_id");
  CREATE INDEX "_notices_v_version_attachments_order_idx" ON "_notices_v_version_attachments" USING btree ("_order");
  CREATE INDEX "_notices_v_version_attachments_parent_id_idx" ON "_notices_v_version_attachments" USING btree ("_parent_id");
  CREATE INDEX "_notices_v_version_attachments_file_idx" ON "_notices_v_version_attachments" USING btree ("file_id");
  CREATE INDEX "_notices_v_parent_idx" ON "_notices_v" USING btree ("parent_id");
  CREATE INDEX "_notices_v_version_version_document_number_idx" ON "_notices_v" USING btree ("version_document_number");
  CREATE INDEX "_notices_v_version_version_campaign_idx" ON "_notices_v" USING btree ("version_campaign_id");
  CREATE INDEX "_notices_v_version_version_forwards_idx" ON "_notices_v" USING btree ("version_forwards_id");
  CREATE INDEX "_notices_v_version_version_updated_at_idx" ON "_notices_v" USING btree ("version_updated_at");
  CREATE INDEX "_notices_v_version_version_created_at_idx" ON "_notices_v" USING btree ("version_created_at");
  CREATE INDEX "_notices_v_version_version__status_idx" ON "_notices_v" USING btree ("version__status");
  CREATE INDEX "_notices_v_created_at_idx" ON "_notices_v" USING btree ("created_at");
  CREATE INDEX "_notices_v_updated_at_idx" ON "_notices_v" USING btree ("updated_at");
  CREATE INDEX "_notices_v_latest_idx" ON "_notices_v" USING btree ("latest");
  CREATE INDEX "_notices_v_rels_order_idx" ON "_notices_v_rels" USING btree ("order");
  CREATE INDEX "_notices_v_rels_parent_idx" ON "_notices_v_rels" USING btree ("parent_id");
  CREATE INDEX "_notices_v_rels_path_idx" ON "_notices_v_rels" USING btree ("path");
  CREATE INDEX "_notices_v_rels_organizers_id_idx" ON "_notices_v_rels" USING btree ("organizers_id");
  CREATE INDEX "_notices_v_rels_contacts_id_idx" ON "_notices_v_rels" USING btree ("contacts_id");
  CREATE INDEX "sub_projects_platforms_order_idx" ON "sub_projects_platforms" USING btree ("_order");
  CREATE INDEX "sub_projects_platforms_parent_id_idx" ON "sub_projects_platforms" USING btree ("_parent_id");
  CREATE INDEX "sub_projects_spec_media_kinds_order_idx" ON "sub_projects_spec_media_kinds" USING btree ("order");
  CREATE INDEX "sub_projects_spec_media_kinds_parent_idx" ON "sub_projects_spec_media_kinds" USING btree ("parent_id");
  CREATE INDEX "sub_projects_campaign_idx" ON "sub_projects" USING btree ("campaign_id");
  CREATE INDEX "sub_projects_host_idx" ON "sub_projects" USING btree ("host_id");
  CREATE INDEX "sub_projects_updated_at_idx" ON "sub_projects" USING btree ("updated_at");
  CREATE INDEX "sub_projects_created_at_idx" ON "sub_projects" USING btree ("created_at");
  CREATE INDEX "sub_projects__status_idx" ON "sub_projects" USING btree ("_status");
  CREATE INDEX "sub_projects_texts_order_parent" ON "sub_projects_texts" USING btree ("order","parent_id");
  CREATE INDEX "sub_projects_rels_order_idx" ON "sub_projects_rels" USING btree ("order");
  CREATE INDEX "sub_projects_rels_parent_idx" ON "sub_projects_rels" USING btree ("parent_id");
  CREATE INDEX "sub_projects_rels_path_idx" ON "sub_projects_rels" USING btree ("path");
  CREATE INDEX "sub_projects_rels_contacts_id_idx" ON "sub_projects_rels" USING btree ("contacts_id");
  CREATE INDEX "_sub_projects_v_version_platforms_order_idx" ON "_sub_projects_v_version_platforms" USING btree ("_order");
  CREATE INDEX "_sub_projects_v_version_platforms_parent_id_idx" ON "_sub_projects_v_version_platforms" USING btree ("_parent_id");
  CREATE INDEX "_sub_projects_v_version_spec_media_kinds_order_idx" ON "_sub_projects_v_version_spec_media_kinds" USING btree ("order");
  CREATE INDEX "_sub_projects_v_version_spec_media_kinds_parent_idx" ON "_sub_projects_v_version_spec_media_kinds" USING btree ("parent_id");
  CREATE INDEX "_sub_projects_v_parent_idx" ON "_sub_projects_v" USING btree ("parent_id");
  CREATE INDEX "_sub_projects_v_version_version_campaign_idx" ON "_sub_projects_v" USING btree ("version_campaign_id");
  CREATE INDEX "_sub_projects_v_version_version_host_idx" ON "_sub_projects_v" USING btree ("version_host_id");
  CREATE INDEX "_sub_projects_v_version_version_updated_at_idx" ON "_sub_projects_v" USING btree ("version_updated_at");
  CREATE INDEX "_sub_projects_v_version_version_created_at_idx" ON "_sub_projects_v" USING btree ("version_created_at");
  CREATE INDEX "_sub_projects_v_version_version__status_idx" ON "_sub_projects_v" USING btree ("version__status");
  CREATE INDEX "_sub_projects_v_created_at_idx" ON "_sub_projects_v" USING btree ("created_at");
  CREATE INDEX "_sub_projects_v_updated_at_idx" ON "_sub_projects_v" USING btree ("updated_at");
  CREATE INDEX "_sub_projects_v_latest_idx" ON "_sub_projects_v" USING btree ("latest");
  CREATE INDEX "_sub_projects_v_texts_order_parent" ON "_sub_projects_v_texts" USING btree ("order","parent_id");
  CREATE INDEX "_sub_projects_v_rels_order_idx" ON "_sub_projects_v_rels" USING btree ("order");
  CREATE INDEX "_sub_projects_v_rels_parent_idx" ON "_sub_projects_v_rels" USING btree ("parent_id");
  CREATE INDEX "_sub_projects_v_rels_path_idx" ON "_sub_projects_v_rels" USING btree ("path");
  CREATE INDEX "_sub_projects_v_rels_contacts_id_idx" ON "_sub_projects_v_rels" USING btree ("contacts_id");
  CREATE INDEX "quotas_works_order_idx" ON "quotas_works" USING btree ("_order");
  CREATE INDEX "quotas_works_parent_id_idx" ON "quotas_works" USING btree ("_parent_id");
  CREATE INDEX "quotas_works_sub_project_idx" ON "quotas_works" USING btree ("sub_project_id");
  CREATE INDEX "quotas_campaign_idx" ON "quotas" USING btree ("campaign_id");
  CREATE INDEX "quotas_unit_idx" ON "quotas" USING btree ("unit_id");
  CREATE INDEX "quotas_updated_at_idx" ON "quotas" USING btree ("updated_at");
  CREATE INDEX "quotas_created_at_idx" ON "quotas" USING btree ("created_at");
  CREATE INDEX "entries_authors_order_idx" ON "entries_authors" USING btree ("_order");
  CREATE INDEX "entries_authors_parent_id_idx" ON "entries_authors" USING btree ("_parent_id");
  CREATE INDEX "entries_sub_project_idx" ON "entries" USING btree ("sub_project_id");
  CREATE INDEX "entries_campaign_idx" ON "entries" USING btree ("campaign_id");
  CREATE INDEX "entries_submitting_unit_idx" ON "entries" USING btree ("submitting_unit_id");
  CREATE INDEX "entries_status_idx" ON "entries" USING btree ("status");
  CREATE INDEX "entries_updated_at_idx" ON "entries" USING btree ("updated_at");
  CREATE INDEX "entries_created_at_idx" ON "entries" USING btree ("created_at");
  CREATE INDEX "entries_rels_order_idx" ON "entries_rels" USING btree ("order");
  CREATE INDEX "entries_rels_parent_idx" ON "entries_rels" USING btree ("parent_id");
  CREATE INDEX "entries_rels_path_idx" ON "entries_rels" USING btree ("path");
  CREATE INDEX "entries_rels_media_id_idx" ON "entries_rels" USING btree ("media_id");
  CREATE INDEX "featured_workers_honours_order_idx" ON "featured_workers_honours" USING btree ("_order");
  CREATE INDEX "featured_workers_honours_parent_id_idx" ON "featured_workers_honours" USING btree ("_parent_id");
  CREATE INDEX "featured_workers_campaign_idx" ON "featured_workers" USING btree ("campaign_id");
  CREATE INDEX "featured_workers_photo_idx" ON "featured_workers" USING btree ("photo_id");
  CREATE INDEX "featured_workers_recommender_recommender_organizer_idx" ON "featured_workers" USING btree ("recommender_organizer_id");
  CREATE INDEX "featured_workers_updated_at_idx" ON "featured_workers" USING btree ("updated_at");
  CREATE INDEX "featured_workers_created_at_idx" ON "featured_workers" USING btree ("created_at");
  CREATE INDEX "featured_workers_rels_order_idx" ON "featured_workers_rels" USING btree ("order");
  CREATE INDEX "featured_workers_rels_parent_idx" ON "featured_workers_rels" USING btree ("parent_id");
  CREATE INDEX "featured_workers_rels_path_idx" ON "featured_workers_rels" USING btree ("path");
  CREATE INDEX "featured_workers_rels_entries_id_idx" ON "featured_workers_rels" USING btree ("entries_id");
  CREATE INDEX "partner_sites_channels_order_idx" ON "partner_sites_channels" USING btree ("order");
  CREATE INDEX "partner_sites_channels_parent_idx" ON "partner_sites_channels" USING btree ("parent_id");
  CREATE UNIQUE INDEX "partner_sites_name_idx" ON "partner_sites" USING btree ("name");
  CREATE INDEX "partner_sites_organizer_idx" ON "partner_sites" USING btree ("organizer_id");
  CREATE INDEX "partner_sites_updated_at_idx" ON "partner_sites" USING btree ("updated_at");
  CREATE INDEX "partner_sites_created_at_idx" ON "partner_sites" USING btree ("created_at");
  CREATE INDEX "columns_partner_site_idx" ON "columns" USING btree ("partner_site_id");
  CREATE INDEX "columns_campaign_idx" ON "columns" USING btree ("campaign_id");
  CREATE INDEX "columns_updated_at_idx" ON "columns" USING btree ("updated_at");
  CREATE INDEX "columns_created_at_idx" ON "columns" USING btree ("created_at");
  CREATE UNIQUE INDEX "organizers_name_idx" ON "organizers" USING btree ("name");
  CREATE INDEX "organizers_parent_idx" ON "organizers" USING btree ("parent_id");
  CREATE INDEX "organizers_path_idx" ON "organizers" USING btree ("path");
  CREATE INDEX "organizers_updated_at_idx" ON "organizers" USING btree ("updated_at");
  CREATE INDEX "organizers_created_at_idx" ON "organizers" USING btree ("created_at");
  CREATE INDEX "contacts_public_fields_order_idx" ON "contacts_public_fields" USING btree ("order");
  CREATE INDEX "contacts_public_fields_parent_idx" ON "contacts_public_fields" USING btree ("parent_id");
  CREATE INDEX "contacts_organizer_idx" ON "contacts" USING btree ("organizer_id");
  CREATE INDEX "contacts_updated_at_idx" ON "contacts" USING btree ("updated_at");
  CREATE INDEX "contacts_created_at_idx" ON "contacts" USING btree ("created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_campaigns_fk" FOREIGN KEY ("campaigns_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_notices_fk" FOREIGN KEY ("notices_id") REFERENCES "public"."notices"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_sub_projects_fk" FOREIGN KEY ("sub_projects_id") REFERENCES "public"."sub_projects"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_quotas_fk" FOREIGN KEY ("quotas_id") REFERENCES "public"."quotas"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_entries_fk" FOREIGN KEY ("entries_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_featured_workers_fk" FOREIGN KEY ("featured_workers_id") REFERENCES "public"."featured_workers"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_partner_sites_fk" FOREIGN KEY ("partner_sites_id") REFERENCES "public"."partner_sites"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_columns_fk" FOREIGN KEY ("columns_id") REFERENCES "public"."columns"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_organizers_fk" FOREIGN KEY ("organizers_id") REFERENCES "public"."organizers"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_contacts_fk" FOREIGN KEY ("contacts_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_campaigns_id_idx" ON "payload_locked_documents_rels" USING btree ("campaigns_id");
  CREATE INDEX "payload_locked_documents_rels_notices_id_idx" ON "payload_locked_documents_rels" USING btree ("notices_id");
  CREATE INDEX "payload_locked_documents_rels_sub_projects_id_idx" ON "payload_locked_documents_rels" USING btree ("sub_projects_id");
  CREATE INDEX "payload_locked_documents_rels_quotas_id_idx" ON "payload_locked_documents_rels" USING btree ("quotas_id");
  CREATE INDEX "payload_locked_documents_rels_entries_id_idx" ON "payload_locked_documents_rels" USING btree ("entries_id");
  CREATE INDEX "payload_locked_documents_rels_featured_workers_id_idx" ON "payload_locked_documents_rels" USING btree ("featured_workers_id");
  CREATE INDEX "payload_locked_documents_rels_partner_sites_id_idx" ON "payload_locked_documents_rels" USING btree ("partner_sites_id");
  CREATE INDEX "payload_locked_documents_rels_columns_id_idx" ON "payload_locked_documents_rels" USING btree ("columns_id");
  CREATE INDEX "payload_locked_documents_rels_organizers_id_idx" ON "payload_locked_documents_rels" USING btree ("organizers_id");
  CREATE INDEX "payload_locked_documents_rels_contacts_id_idx" ON "payload_locked_documents_rels" USING btree ("contacts_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "campaigns_phases_deadlines" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "campaigns_phases" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "campaigns_propagandist_targets" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "campaigns" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "campaigns_rels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "notices_attachments" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "notices" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "notices_rels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_notices_v_version_attachments" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_notices_v" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_notices_v_rels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "sub_projects_platforms" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "sub_projects_spec_media_kinds" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "sub_projects" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "sub_projects_texts" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "sub_projects_rels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_sub_projects_v_version_platforms" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_sub_projects_v_version_spec_media_kinds" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_sub_projects_v" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_sub_projects_v_texts" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_sub_projects_v_rels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "quotas_works" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "quotas" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "entries_authors" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "entries" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "entries_rels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "featured_workers_honours" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "featured_workers" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "featured_workers_rels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "partner_sites_channels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "partner_sites" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "columns" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "organizers" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "contacts_public_fields" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "contacts" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "campaigns_phases_deadlines" CASCADE;
  DROP TABLE "campaigns_phases" CASCADE;
  DROP TABLE "campaigns_propagandist_targets" CASCADE;
  DROP TABLE "campaigns" CASCADE;
  DROP TABLE "campaigns_rels" CASCADE;
  DROP TABLE "notices_attachments" CASCADE;
  DROP TABLE "notices" CASCADE;
  DROP TABLE "notices_rels" CASCADE;
  DROP TABLE "_notices_v_version_attachments" CASCADE;
  DROP TABLE "_notices_v" CASCADE;
  DROP TABLE "_notices_v_rels" CASCADE;
  DROP TABLE "sub_projects_platforms" CASCADE;
  DROP TABLE "sub_projects_spec_media_kinds" CASCADE;
  DROP TABLE "sub_projects" CASCADE;
  DROP TABLE "sub_projects_texts" CASCADE;
  DROP TABLE "sub_projects_rels" CASCADE;
  DROP TABLE "_sub_projects_v_version_platforms" CASCADE;
  DROP TABLE "_sub_projects_v_version_spec_media_kinds" CASCADE;
  DROP TABLE "_sub_projects_v" CASCADE;
  DROP TABLE "_sub_projects_v_texts" CASCADE;
  DROP TABLE "_sub_projects_v_rels" CASCADE;
  DROP TABLE "quotas_works" CASCADE;
  DROP TABLE "quotas" CASCADE;
  DROP TABLE "entries_authors" CASCADE;
  DROP TABLE "entries" CASCADE;
  DROP TABLE "entries_rels" CASCADE;
  DROP TABLE "featured_workers_honours" CASCADE;
  DROP TABLE "featured_workers" CASCADE;
  DROP TABLE "featured_workers_rels" CASCADE;
  DROP TABLE "partner_sites_channels" CASCADE;
  DROP TABLE "partner_sites" CASCADE;
  DROP TABLE "columns" CASCADE;
  DROP TABLE "organizers" CASCADE;
  DROP TABLE "contacts_public_fields" CASCADE;
  DROP TABLE "contacts" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_campaigns_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_notices_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_sub_projects_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_quotas_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_entries_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_featured_workers_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_partner_sites_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_columns_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_organizers_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_contacts_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'sendMail');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'sendMail');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "payload_locked_documents_rels_campaigns_id_idx";
  DROP INDEX "payload_locked_documents_rels_notices_id_idx";
  DROP INDEX "payload_locked_documents_rels_sub_projects_id_idx";
  DROP INDEX "payload_locked_documents_rels_quotas_id_idx";
  DROP INDEX "payload_locked_documents_rels_entries_id_idx";
  DROP INDEX "payload_locked_documents_rels_featured_workers_id_idx";
  DROP INDEX "payload_locked_documents_rels_partner_sites_id_idx";
  DROP INDEX "payload_locked_documents_rels_columns_id_idx";
  DROP INDEX "payload_locked_documents_rels_organizers_id_idx";
  DROP INDEX "payload_locked_documents_rels_contacts_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "campaigns_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "notices_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "sub_projects_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "quotas_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "entries_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "featured_workers_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "partner_sites_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "columns_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "organizers_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "contacts_id";
  DROP TYPE "public"."enum_campaigns_status";
  DROP TYPE "public"."enum_notices_status";
  DROP TYPE "public"."enum__notices_v_version_status";
  DROP TYPE "public"."enum_sub_projects_platforms_kind";
  DROP TYPE "public"."enum_sub_projects_spec_media_kinds";
  DROP TYPE "public"."enum_sub_projects_kind";
  DROP TYPE "public"."enum_sub_projects_status";
  DROP TYPE "public"."enum__sub_projects_v_version_platforms_kind";
  DROP TYPE "public"."enum__sub_projects_v_version_spec_media_kinds";
  DROP TYPE "public"."enum__sub_projects_v_version_kind";
  DROP TYPE "public"."enum__sub_projects_v_version_status";
  DROP TYPE "public"."enum_entries_form";
  DROP TYPE "public"."enum_entries_source";
  DROP TYPE "public"."enum_entries_status";
  DROP TYPE "public"."enum_entries_award_tier";
  DROP TYPE "public"."enum_featured_workers_recommended_by";
  DROP TYPE "public"."enum_featured_workers_status";
  DROP TYPE "public"."enum_partner_sites_channels";
  DROP TYPE "public"."enum_partner_sites_kind";
  DROP TYPE "public"."enum_columns_channel";
  DROP TYPE "public"."enum_organizers_kind";
  DROP TYPE "public"."enum_organizers_level";
  DROP TYPE "public"."enum_contacts_public_fields";`)
}
