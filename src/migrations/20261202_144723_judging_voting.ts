import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_judging_rounds_status" AS ENUM('draft', 'open', 'closed');
  CREATE TYPE "public"."enum_judging_rounds_entry_source" AS ENUM('reported', 'previous-top');
  CREATE TYPE "public"."enum_score_sheets_status" AS ENUM('assigned', 'submitted', 'conflict');
  CREATE TYPE "public"."enum_votes_flags" AS ENUM('address-burst', 'code-burst', 'same-agent');
  CREATE TABLE "judging_rounds_criteria" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"name" varchar NOT NULL,
  	"weight" numeric DEFAULT 1 NOT NULL,
  	"max_score" numeric DEFAULT 10 NOT NULL,
  	"guidance" varchar
  );
  
  CREATE TABLE "judging_rounds" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"title" varchar,
  	"sub_project_id" integer NOT NULL,
  	"campaign_id" integer,
  	"name" varchar NOT NULL,
  	"order" numeric DEFAULT 1 NOT NULL,
  	"status" "enum_judging_rounds_status" DEFAULT 'draft' NOT NULL,
  	"opens_at" timestamp(3) with time zone,
  	"closes_at" timestamp(3) with time zone,
  	"entry_source" "enum_judging_rounds_entry_source" DEFAULT 'reported' NOT NULL,
  	"top_n" numeric,
  	"judges_per_work" numeric DEFAULT 3 NOT NULL,
  	"blind" boolean DEFAULT false,
  	"normalise" boolean DEFAULT false,
  	"assigned_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "judging_rounds_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"users_id" integer
  );
  
  CREATE TABLE "score_sheets_scores" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"criterion" varchar NOT NULL,
  	"score" numeric NOT NULL
  );
  
  CREATE TABLE "score_sheets_reopenings" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"at" timestamp(3) with time zone,
  	"by_id" integer,
  	"reason" varchar
  );
  
  CREATE TABLE "score_sheets" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"title" varchar,
  	"round_id" integer NOT NULL,
  	"entry_id" integer NOT NULL,
  	"judge_id" integer NOT NULL,
  	"campaign_id" integer,
  	"status" "enum_score_sheets_status" DEFAULT 'assigned' NOT NULL,
  	"total" numeric,
  	"comment" varchar,
  	"conflict_reason" varchar,
  	"submitted_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "votes_flags" (
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"value" "enum_votes_flags",
  	"id" serial PRIMARY KEY NOT NULL
  );
  
  CREATE TABLE "votes" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"entry_id" integer NOT NULL,
  	"sub_project_id" integer,
  	"campaign_id" integer,
  	"day" varchar NOT NULL,
  	"valid" boolean DEFAULT true,
  	"voter" varchar NOT NULL,
  	"verifier" varchar,
  	"address" varchar,
  	"address_block" varchar,
  	"user_agent" varchar,
  	"invalidation_reason" varchar,
  	"invalidation_at" timestamp(3) with time zone,
  	"invalidation_by_id" integer,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "voter_codes" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"voter" varchar NOT NULL,
  	"verifier" varchar NOT NULL,
  	"code_hash" varchar NOT NULL,
  	"expires_at" timestamp(3) with time zone NOT NULL,
  	"attempts" numeric DEFAULT 0,
  	"used_at" timestamp(3) with time zone,
  	"address" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "sub_projects" ADD COLUMN "voting_enabled" boolean DEFAULT false;
  ALTER TABLE "sub_projects" ADD COLUMN "voting_opens_at" timestamp(3) with time zone;
  ALTER TABLE "sub_projects" ADD COLUMN "voting_closes_at" timestamp(3) with time zone;
  ALTER TABLE "sub_projects" ADD COLUMN "voting_per_voter_per_day" numeric DEFAULT 1;
  ALTER TABLE "sub_projects" ADD COLUMN "voting_per_address_per_day" numeric DEFAULT 50;
  ALTER TABLE "sub_projects" ADD COLUMN "voting_public_share" numeric DEFAULT 0;
  ALTER TABLE "_sub_projects_v" ADD COLUMN "version_voting_enabled" boolean DEFAULT false;
  ALTER TABLE "_sub_projects_v" ADD COLUMN "version_voting_opens_at" timestamp(3) with time zone;
  ALTER TABLE "_sub_projects_v" ADD COLUMN "version_voting_closes_at" timestamp(3) with time zone;
  ALTER TABLE "_sub_projects_v" ADD COLUMN "version_voting_per_voter_per_day" numeric DEFAULT 1;
  ALTER TABLE "_sub_projects_v" ADD COLUMN "version_voting_per_address_per_day" numeric DEFAULT 50;
  ALTER TABLE "_sub_projects_v" ADD COLUMN "version_voting_public_share" numeric DEFAULT 0;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "judging_rounds_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "score_sheets_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "votes_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "voter_codes_id" integer;
  ALTER TABLE "judging_rounds_criteria" ADD CONSTRAINT "judging_rounds_criteria_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."judging_rounds"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "judging_rounds" ADD CONSTRAINT "judging_rounds_sub_project_id_sub_projects_id_fk" FOREIGN KEY ("sub_project_id") REFERENCES "public"."sub_projects"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "judging_rounds" ADD CONSTRAINT "judging_rounds_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "judging_rounds_rels" ADD CONSTRAINT "judging_rounds_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."judging_rounds"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "judging_rounds_rels" ADD CONSTRAINT "judging_rounds_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "score_sheets_scores" ADD CONSTRAINT "score_sheets_scores_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."score_sheets"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "score_sheets_reopenings" ADD CONSTRAINT "score_sheets_reopenings_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "score_sheets_reopenings" ADD CONSTRAINT "score_sheets_reopenings_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."score_sheets"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "score_sheets" ADD CONSTRAINT "score_sheets_round_id_judging_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."judging_rounds"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "score_sheets" ADD CONSTRAINT "score_sheets_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "score_sheets" ADD CONSTRAINT "score_sheets_judge_id_users_id_fk" FOREIGN KEY ("judge_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "score_sheets" ADD CONSTRAINT "score_sheets_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "votes_flags" ADD CONSTRAINT "votes_flags_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."votes"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "votes" ADD CONSTRAINT "votes_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "votes" ADD CONSTRAINT "votes_sub_project_id_sub_projects_id_fk" FOREIGN KEY ("sub_project_id") REFERENCES "public"."sub_projects"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "votes" ADD CONSTRAINT "votes_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "votes" ADD CONSTRAINT "votes_invalidation_by_id_users_id_fk" FOREIGN KEY ("invalidation_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "judging_rounds_criteria_order_idx" ON "judging_rounds_criteria" USING btree ("_order");
  CREATE INDEX "judging_rounds_criteria_parent_id_idx" ON "judging_rounds_criteria" USING btree ("_parent_id");
  CREATE INDEX "judging_rounds_sub_project_idx" ON "judging_rounds" USING btree ("sub_project_id");
  CREATE INDEX "judging_rounds_campaign_idx" ON "judging_rounds" USING btree ("campaign_id");
  CREATE INDEX "judging_rounds_updated_at_idx" ON "judging_rounds" USING btree ("updated_at");
  CREATE INDEX "judging_rounds_created_at_idx" ON "judging_rounds" USING btree ("created_at");
  CREATE INDEX "judging_rounds_rels_order_idx" ON "judging_rounds_rels" USING btree ("order");
  CREATE INDEX "judging_rounds_rels_parent_idx" ON "judging_rounds_rels" USING btree ("parent_id");
  CREATE INDEX "judging_rounds_rels_path_idx" ON "judging_rounds_rels" USING btree ("path");
  CREATE INDEX "judging_rounds_rels_users_id_idx" ON "judging_rounds_rels" USING btree ("users_id");
  CREATE INDEX "score_sheets_scores_order_idx" ON "score_sheets_scores" USING btree ("_order");
  CREATE INDEX "score_sheets_scores_parent_id_idx" ON "score_sheets_scores" USING btree ("_parent_id");
  CREATE INDEX "score_sheets_reopenings_order_idx" ON "score_sheets_reopenings" USING btree ("_order");
  CREATE INDEX "score_sheets_reopenings_parent_id_idx" ON "score_sheets_reopenings" USING btree ("_parent_id");
  CREATE INDEX "score_sheets_reopenings_by_idx" ON "score_sheets_reopenings" USING btree ("by_id");
  CREATE INDEX "score_sheets_round_idx" ON "score_sheets" USING btree ("round_id");
  CREATE INDEX "score_sheets_entry_idx" ON "score_sheets" USING btree ("entry_id");
  CREATE INDEX "score_sheets_judge_idx" ON "score_sheets" USING btree ("judge_id");
  CREATE INDEX "score_sheets_campaign_idx" ON "score_sheets" USING btree ("campaign_id");
  CREATE INDEX "score_sheets_updated_at_idx" ON "score_sheets" USING btree ("updated_at");
  CREATE INDEX "score_sheets_created_at_idx" ON "score_sheets" USING btree ("created_at");
  CREATE UNIQUE INDEX "round_entry_judge_idx" ON "score_sheets" USING btree ("round_id","entry_id","judge_id");
  CREATE INDEX "votes_flags_order_idx" ON "votes_flags" USING btree ("order");
  CREATE INDEX "votes_flags_parent_idx" ON "votes_flags" USING btree ("parent_id");
  CREATE INDEX "votes_entry_idx" ON "votes" USING btree ("entry_id");
  CREATE INDEX "votes_sub_project_idx" ON "votes" USING btree ("sub_project_id");
  CREATE INDEX "votes_campaign_idx" ON "votes" USING btree ("campaign_id");
  CREATE INDEX "votes_address_block_idx" ON "votes" USING btree ("address_block");
  CREATE INDEX "votes_invalidation_invalidation_by_idx" ON "votes" USING btree ("invalidation_by_id");
  CREATE INDEX "votes_updated_at_idx" ON "votes" USING btree ("updated_at");
  CREATE INDEX "votes_created_at_idx" ON "votes" USING btree ("created_at");
  CREATE INDEX "entry_voter_day_idx" ON "votes" USING btree ("entry_id","voter","day");
  CREATE INDEX "entry_valid_idx" ON "votes" USING btree ("entry_id","valid");
  CREATE INDEX "voter_codes_voter_idx" ON "voter_codes" USING btree ("voter");
  CREATE INDEX "voter_codes_updated_at_idx" ON "voter_codes" USING btree ("updated_at");
  CREATE INDEX "voter_codes_created_at_idx" ON "voter_codes" USING btree ("created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_judging_rounds_fk" FOREIGN KEY ("judging_rounds_id") REFERENCES "public"."judging_rounds"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_score_sheets_fk" FOREIGN KEY ("score_sheets_id") REFERENCES "public"."score_sheets"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_votes_fk" FOREIGN KEY ("votes_id") REFERENCES "public"."votes"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_voter_codes_fk" FOREIGN KEY ("voter_codes_id") REFERENCES "public"."voter_codes"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "campaign_submittingUnit_subProject_status_createdAt_idx" ON "entries" USING btree ("campaign_id","submitting_unit_id","sub_project_id","status","created_at");
  CREATE INDEX "payload_locked_documents_rels_judging_rounds_id_idx" ON "payload_locked_documents_rels" USING btree ("judging_rounds_id");
  CREATE INDEX "payload_locked_documents_rels_score_sheets_id_idx" ON "payload_locked_documents_rels" USING btree ("score_sheets_id");
  CREATE INDEX "payload_locked_documents_rels_votes_id_idx" ON "payload_locked_documents_rels" USING btree ("votes_id");
  CREATE INDEX "payload_locked_documents_rels_voter_codes_id_idx" ON "payload_locked_documents_rels" USING btree ("voter_codes_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "judging_rounds_criteria" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "judging_rounds" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "judging_rounds_rels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "score_sheets_scores" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "score_sheets_reopenings" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "score_sheets" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "votes_flags" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "votes" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "voter_codes" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "judging_rounds_criteria" CASCADE;
  DROP TABLE "judging_rounds" CASCADE;
  DROP TABLE "judging_rounds_rels" CASCADE;
  DROP TABLE "score_sheets_scores" CASCADE;
  DROP TABLE "score_sheets_reopenings" CASCADE;
  DROP TABLE "score_sheets" CASCADE;
  DROP TABLE "votes_flags" CASCADE;
  DROP TABLE "votes" CASCADE;
  DROP TABLE "voter_codes" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_judging_rounds_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_score_sheets_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_votes_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_voter_codes_fk";
  
  DROP INDEX "campaign_submittingUnit_subProject_status_createdAt_idx";
  DROP INDEX "payload_locked_documents_rels_judging_rounds_id_idx";
  DROP INDEX "payload_locked_documents_rels_score_sheets_id_idx";
  DROP INDEX "payload_locked_documents_rels_votes_id_idx";
  DROP INDEX "payload_locked_documents_rels_voter_codes_id_idx";
  ALTER TABLE "sub_projects" DROP COLUMN "voting_enabled";
  ALTER TABLE "sub_projects" DROP COLUMN "voting_opens_at";
  ALTER TABLE "sub_projects" DROP COLUMN "voting_closes_at";
  ALTER TABLE "sub_projects" DROP COLUMN "voting_per_voter_per_day";
  ALTER TABLE "sub_projects" DROP COLUMN "voting_per_address_per_day";
  ALTER TABLE "sub_projects" DROP COLUMN "voting_public_share";
  ALTER TABLE "_sub_projects_v" DROP COLUMN "version_voting_enabled";
  ALTER TABLE "_sub_projects_v" DROP COLUMN "version_voting_opens_at";
  ALTER TABLE "_sub_projects_v" DROP COLUMN "version_voting_closes_at";
  ALTER TABLE "_sub_projects_v" DROP COLUMN "version_voting_per_voter_per_day";
  ALTER TABLE "_sub_projects_v" DROP COLUMN "version_voting_per_address_per_day";
  ALTER TABLE "_sub_projects_v" DROP COLUMN "version_voting_public_share";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "judging_rounds_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "score_sheets_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "votes_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "voter_codes_id";
  DROP TYPE "public"."enum_judging_rounds_status";
  DROP TYPE "public"."enum_judging_rounds_entry_source";
  DROP TYPE "public"."enum_score_sheets_status";
  DROP TYPE "public"."enum_votes_flags";`)
}
