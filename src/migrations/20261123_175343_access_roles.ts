import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TABLE "partner_accounts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"name" varchar NOT NULL,
  	"partner_site_id" integer NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"enable_a_p_i_key" boolean,
  	"api_key" varchar,
  	"api_key_index" varchar
  );
  
  ALTER TABLE "entries_authors" ADD COLUMN "mobile" varchar;
  ALTER TABLE "entries_authors" ADD COLUMN "email" varchar;
  ALTER TABLE "entries" ADD COLUMN "internal_notes" varchar;
  ALTER TABLE "entries_rels" ADD COLUMN "users_id" integer;
  ALTER TABLE "featured_workers" ADD COLUMN "unit_id" integer;
  ALTER TABLE "featured_workers" ADD COLUMN "internal_notes" varchar;
  ALTER TABLE "users" ADD COLUMN "organizer_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "partner_accounts_id" integer;
  ALTER TABLE "payload_preferences_rels" ADD COLUMN "partner_accounts_id" integer;
  ALTER TABLE "partner_accounts" ADD CONSTRAINT "partner_accounts_partner_site_id_partner_sites_id_fk" FOREIGN KEY ("partner_site_id") REFERENCES "public"."partner_sites"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "partner_accounts_partner_site_idx" ON "partner_accounts" USING btree ("partner_site_id");
  CREATE INDEX "partner_accounts_updated_at_idx" ON "partner_accounts" USING btree ("updated_at");
  CREATE INDEX "partner_accounts_created_at_idx" ON "partner_accounts" USING btree ("created_at");
  ALTER TABLE "entries_rels" ADD CONSTRAINT "entries_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "featured_workers" ADD CONSTRAINT "featured_workers_unit_id_organizers_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."organizers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "users" ADD CONSTRAINT "users_organizer_id_organizers_id_fk" FOREIGN KEY ("organizer_id") REFERENCES "public"."organizers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_partner_accounts_fk" FOREIGN KEY ("partner_accounts_id") REFERENCES "public"."partner_accounts"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_preferences_rels" ADD CONSTRAINT "payload_preferences_rels_partner_accounts_fk" FOREIGN KEY ("partner_accounts_id") REFERENCES "public"."partner_accounts"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "entries_rels_users_id_idx" ON "entries_rels" USING btree ("users_id");
  CREATE INDEX "featured_workers_unit_idx" ON "featured_workers" USING btree ("unit_id");
  CREATE INDEX "users_organizer_idx" ON "users" USING btree ("organizer_id");
  CREATE INDEX "payload_locked_documents_rels_partner_accounts_id_idx" ON "payload_locked_documents_rels" USING btree ("partner_accounts_id");
  CREATE INDEX "payload_preferences_rels_partner_accounts_id_idx" ON "payload_preferences_rels" USING btree ("partner_accounts_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "partner_accounts" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "partner_accounts" CASCADE;
  ALTER TABLE "entries_rels" DROP CONSTRAINT "entries_rels_users_fk";
  
  ALTER TABLE "featured_workers" DROP CONSTRAINT "featured_workers_unit_id_organizers_id_fk";
  
  ALTER TABLE "users" DROP CONSTRAINT "users_organizer_id_organizers_id_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_partner_accounts_fk";
  
  ALTER TABLE "payload_preferences_rels" DROP CONSTRAINT "payload_preferences_rels_partner_accounts_fk";
  
  DROP INDEX "entries_rels_users_id_idx";
  DROP INDEX "featured_workers_unit_idx";
  DROP INDEX "users_organizer_idx";
  DROP INDEX "payload_locked_documents_rels_partner_accounts_id_idx";
  DROP INDEX "payload_preferences_rels_partner_accounts_id_idx";
  ALTER TABLE "entries_authors" DROP COLUMN "mobile";
  ALTER TABLE "entries_authors" DROP COLUMN "email";
  ALTER TABLE "entries" DROP COLUMN "internal_notes";
  ALTER TABLE "entries_rels" DROP COLUMN "users_id";
  ALTER TABLE "featured_workers" DROP COLUMN "unit_id";
  ALTER TABLE "featured_workers" DROP COLUMN "internal_notes";
  ALTER TABLE "users" DROP COLUMN "organizer_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "partner_accounts_id";
  ALTER TABLE "payload_preferences_rels" DROP COLUMN "partner_accounts_id";`)
}
