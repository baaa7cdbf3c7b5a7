import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_entries_syndication_pubstatus" AS ENUM('usable', 'canceled');
  CREATE TYPE "public"."enum_partner_sites_push_status" AS ENUM('active', 'paused', 'disabled');
  CREATE TYPE "public"."enum_deliveries_event" AS ENUM('publish', 'update', 'takedown');
  CREATE TYPE "public"."enum_deliveries_state" AS ENUM('pending', 'sending', 'retrying', 'delivered', 'failed', 'superseded');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'deliverToPartner' BEFORE 'purgeAuditLog';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'deliverToPartner' BEFORE 'purgeAuditLog';
  CREATE TABLE "partner_sites_texts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"text" varchar
  );
  
  CREATE TABLE "partner_sites_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"campaigns_id" integer
  );
  
  CREATE TABLE "deliveries_attempts" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"at" timestamp(3) with time zone,
  	"status_code" numeric,
  	"latency_ms" numeric,
  	"outcome" varchar,
  	"error" varchar,
  	"response_excerpt" varchar
  );
  
  CREATE TABLE "deliveries" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"partner_site_id" integer NOT NULL,
  	"entry_id" integer NOT NULL,
  	"event" "enum_deliveries_event" NOT NULL,
  	"version" numeric NOT NULL,
  	"sequence" numeric NOT NULL,
  	"webhook_id" varchar NOT NULL,
  	"state" "enum_deliveries_state" DEFAULT 'pending' NOT NULL,
  	"attempt_count" numeric DEFAULT 0,
  	"next_attempt_at" timestamp(3) with time zone,
  	"delivered_at" timestamp(3) with time zone,
  	"acknowledged_at" timestamp(3) with time zone,
  	"last_error" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "entries" ADD COLUMN "syndication_pubstatus" "enum_entries_syndication_pubstatus";
  ALTER TABLE "entries" ADD COLUMN "syndication_version" numeric DEFAULT 0;
  ALTER TABLE "entries" ADD COLUMN "syndication_changed_at" timestamp(3) with time zone;
  ALTER TABLE "partner_sites" ADD COLUMN "push_status" "enum_partner_sites_push_status" DEFAULT 'paused';
  ALTER TABLE "partner_sites" ADD COLUMN "push_endpoint_u_r_l" varchar;
  ALTER TABLE "partner_sites" ADD COLUMN "push_secret" varchar;
  ALTER TABLE "partner_sites" ADD COLUMN "push_previous_secret" varchar;
  ALTER TABLE "partner_sites" ADD COLUMN "push_previous_secret_until" timestamp(3) with time zone;
  ALTER TABLE "partner_sites" ADD COLUMN "push_sequence" numeric DEFAULT 0;
  ALTER TABLE "partner_sites" ADD COLUMN "push_disabled_reason" varchar;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "deliveries_id" integer;
  ALTER TABLE "partner_sites_texts" ADD CONSTRAINT "partner_sites_texts_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."partner_sites"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "partner_sites_rels" ADD CONSTRAINT "partner_sites_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."partner_sites"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "partner_sites_rels" ADD CONSTRAINT "partner_sites_rels_campaigns_fk" FOREIGN KEY ("campaigns_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "deliveries_attempts" ADD CONSTRAINT "deliveries_attempts_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."deliveries"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_partner_site_id_partner_sites_id_fk" FOREIGN KEY ("partner_site_id") REFERENCES "public"."partner_sites"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "partner_sites_texts_order_parent" ON "partner_sites_texts" USING btree ("order","parent_id");
  CREATE INDEX "partner_sites_rels_order_idx" ON "partner_sites_rels" USING btree ("order");
  CREATE INDEX "partner_sites_rels_parent_idx" ON "partner_sites_rels" USING btree ("parent_id");
  CREATE INDEX "partner_sites_rels_path_idx" ON "partner_sites_rels" USING btree ("path");
  CREATE INDEX "partner_sites_rels_campaigns_id_idx" ON "partner_sites_rels" USING btree ("campaigns_id");
  CREATE INDEX "deliveries_attempts_order_idx" ON "deliveries_attempts" USING btree ("_order");
  CREATE INDEX "deliveries_attempts_parent_id_idx" ON "deliveries_attempts" USING btree ("_parent_id");
  CREATE INDEX "deliveries_partner_site_idx" ON "deliveries" USING btree ("partner_site_id");
  CREATE INDEX "deliveries_entry_idx" ON "deliveries" USING btree ("entry_id");
  CREATE INDEX "deliveries_sequence_idx" ON "deliveries" USING btree ("sequence");
  CREATE UNIQUE INDEX "deliveries_webhook_id_idx" ON "deliveries" USING btree ("webhook_id");
  CREATE INDEX "deliveries_state_idx" ON "deliveries" USING btree ("state");
  CREATE INDEX "deliveries_next_attempt_at_idx" ON "deliveries" USING btree ("next_attempt_at");
  CREATE INDEX "deliveries_updated_at_idx" ON "deliveries" USING btree ("updated_at");
  CREATE INDEX "deliveries_created_at_idx" ON "deliveries" USING btree ("created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_deliveries_fk" FOREIGN KEY ("deliveries_id") REFERENCES "public"."deliveries"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "entries_syndication_syndication_pubstatus_idx" ON "entries" USING btree ("syndication_pubstatus");
  CREATE INDEX "entries_syndication_syndication_changed_at_idx" ON "entries" USING btree ("syndication_changed_at");
  CREATE INDEX "partner_sites_push_push_status_idx" ON "partner_sites" USING btree ("push_status");
  CREATE INDEX "payload_locked_documents_rels_deliveries_id_idx" ON "payload_locked_documents_rels" USING btree ("deliveries_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "partner_sites_texts" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "partner_sites_rels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "deliveries_attempts" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "deliveries" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "partner_sites_texts" CASCADE;
  DROP TABLE "partner_sites_rels" CASCADE;
  DROP TABLE "deliveries_attempts" CASCADE;
  DROP TABLE "deliveries" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_deliveries_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'sendMail', 'processMedia', 'prependIntro', 'purgeAuditLog', 'schedulePublish');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'sendMail', 'processMedia', 'prependIntro', 'purgeAuditLog', 'schedulePublish');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "entries_syndication_syndication_pubstatus_idx";
  DROP INDEX "entries_syndication_syndication_changed_at_idx";
  DROP INDEX "partner_sites_push_push_status_idx";
  DROP INDEX "payload_locked_documents_rels_deliveries_id_idx";
  ALTER TABLE "entries" DROP COLUMN "syndication_pubstatus";
  ALTER TABLE "entries" DROP COLUMN "syndication_version";
  ALTER TABLE "entries" DROP COLUMN "syndication_changed_at";
  ALTER TABLE "partner_sites" DROP COLUMN "push_status";
  ALTER TABLE "partner_sites" DROP COLUMN "push_endpoint_u_r_l";
  ALTER TABLE "partner_sites" DROP COLUMN "push_secret";
  ALTER TABLE "partner_sites" DROP COLUMN "push_previous_secret";
  ALTER TABLE "partner_sites" DROP COLUMN "push_previous_secret_until";
  ALTER TABLE "partner_sites" DROP COLUMN "push_sequence";
  ALTER TABLE "partner_sites" DROP COLUMN "push_disabled_reason";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "deliveries_id";
  DROP TYPE "public"."enum_entries_syndication_pubstatus";
  DROP TYPE "public"."enum_partner_sites_push_status";
  DROP TYPE "public"."enum_deliveries_event";
  DROP TYPE "public"."enum_deliveries_state";`)
}
