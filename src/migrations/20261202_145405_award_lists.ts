import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_award_lists_tiers_tier" AS ENUM('first', 'second', 'third', 'excellence');
  CREATE TYPE "public"."enum_award_lists_ranking_proposed_tier" AS ENUM('first', 'second', 'third', 'excellence');
  CREATE TYPE "public"."enum_award_lists_ranking_tier" AS ENUM('first', 'second', 'third', 'excellence');
  CREATE TYPE "public"."enum_award_lists_kind" AS ENUM('works', 'organizing-units');
  CREATE TYPE "public"."enum_award_lists_status" AS ENUM('draft', 'frozen');
  CREATE TABLE "award_lists_tiers" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"tier" "enum_award_lists_tiers_tier" NOT NULL,
  	"count" numeric,
  	"share" numeric
  );
  
  CREATE TABLE "award_lists_ranking" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"entry_id" integer,
  	"rank" numeric,
  	"jury_score" numeric,
  	"votes" numeric,
  	"final_score" numeric,
  	"proposed_tier" "enum_award_lists_ranking_proposed_tier",
  	"tier" "enum_award_lists_ranking_tier",
  	"reason" varchar
  );
  
  CREATE TABLE "award_lists_units" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"unit_id" integer,
  	"reported" numeric,
  	"quota_met" boolean,
  	"is_awarded" boolean,
  	"reason" varchar
  );
  
  CREATE TABLE "award_lists" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"title" varchar,
  	"campaign_id" integer NOT NULL,
  	"kind" "enum_award_lists_kind" DEFAULT 'works' NOT NULL,
  	"sub_project_id" integer,
  	"jury_round_id" integer,
  	"public_share" numeric,
  	"status" "enum_award_lists_status" DEFAULT 'draft' NOT NULL,
  	"frozen_at" timestamp(3) with time zone,
  	"frozen_by_id" integer,
  	"notice_id" integer,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "award_lists_id" integer;
  ALTER TABLE "award_lists_tiers" ADD CONSTRAINT "award_lists_tiers_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."award_lists"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "award_lists_ranking" ADD CONSTRAINT "award_lists_ranking_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "award_lists_ranking" ADD CONSTRAINT "award_lists_ranking_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."award_lists"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "award_lists_units" ADD CONSTRAINT "award_lists_units_unit_id_organizers_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."organizers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "award_lists_units" ADD CONSTRAINT "award_lists_units_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."award_lists"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "award_lists" ADD CONSTRAINT "award_lists_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "award_lists" ADD CONSTRAINT "award_lists_sub_project_id_sub_projects_id_fk" FOREIGN KEY ("sub_project_id") REFERENCES "public"."sub_projects"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "award_lists" ADD CONSTRAINT "award_lists_jury_round_id_judging_rounds_id_fk" FOREIGN KEY ("jury_round_id") REFERENCES "public"."judging_rounds"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "award_lists" ADD CONSTRAINT "award_lists_frozen_by_id_users_id_fk" FOREIGN KEY ("frozen_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "award_lists" ADD CONSTRAINT "award_lists_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "award_lists_tiers_order_idx" ON "award_lists_tiers" USING btree ("_order");
  CREATE INDEX "award_lists_tiers_parent_id_idx" ON "award_lists_tiers" USING btree ("_parent_id");
  CREATE INDEX "award_lists_ranking_order_idx" ON "award_lists_ranking" USING btree ("_order");
  CREATE INDEX "award_lists_ranking_parent_id_idx" ON "award_lists_ranking" USING btree ("_parent_id");
  CREATE INDEX "award_lists_ranking_entry_idx" ON "award_lists_ranking" USING btree ("entry_id");
  CREATE INDEX "award_lists_units_order_idx" ON "award_lists_units" USING btree ("_order");
  CREATE INDEX "award_lists_units_parent_id_idx" ON "award_lists_units" USING btree ("_parent_id");
  CREATE INDEX "award_lists_units_unit_idx" ON "award_lists_units" USING btree ("unit_id");
  CREATE INDEX "award_lists_campaign_idx" ON "award_lists" USING btree ("campaign_id");
  CREATE INDEX "award_lists_sub_project_idx" ON "award_lists" USING btree ("sub_project_id");
  CREATE INDEX "award_lists_jury_round_idx" ON "award_lists" USING btree ("jury_round_id");
  CREATE INDEX "award_lists_frozen_by_idx" ON "award_lists" USING btree ("frozen_by_id");
  CREATE INDEX "award_lists_notice_idx" ON "award_lists" USING btree ("notice_id");
  CREATE INDEX "award_lists_updated_at_idx" ON "award_lists" USING btree ("updated_at");
  CREATE INDEX "award_lists_created_at_idx" ON "award_lists" USING btree ("created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_award_lists_fk" FOREIGN KEY ("award_lists_id") REFERENCES "public"."award_lists"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_award_lists_id_idx" ON "payload_locked_documents_rels" USING btree ("award_lists_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "award_lists_tiers" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "award_lists_ranking" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "award_lists_units" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "award_lists" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "award_lists_tiers" CASCADE;
  DROP TABLE "award_lists_ranking" CASCADE;
  DROP TABLE "award_lists_units" CASCADE;
  DROP TABLE "award_lists" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_award_lists_fk";
  
  DROP INDEX "payload_locked_documents_rels_award_lists_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "award_lists_id";
  DROP TYPE "public"."enum_award_lists_tiers_tier";
  DROP TYPE "public"."enum_award_lists_ranking_proposed_tier";
  DROP TYPE "public"."enum_award_lists_ranking_tier";
  DROP TYPE "public"."enum_award_lists_kind";
  DROP TYPE "public"."enum_award_lists_status";`)
}
