import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TABLE "sub_projects_spec_declarations" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"text" varchar
  );
  
  CREATE TABLE "_sub_projects_v_version_spec_declarations" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"text" varchar,
  	"_uuid" varchar
  );
  
  CREATE TABLE "entries_texts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"text" varchar
  );
  
  ALTER TABLE "sub_projects" ADD COLUMN "spec_originality_required" boolean;
  ALTER TABLE "_sub_projects_v" ADD COLUMN "version_spec_originality_required" boolean;
  ALTER TABLE "entries" ADD COLUMN "is_original" boolean;
  ALTER TABLE "sub_projects_spec_declarations" ADD CONSTRAINT "sub_projects_spec_declarations_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."sub_projects"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_sub_projects_v_version_spec_declarations" ADD CONSTRAINT "_sub_projects_v_version_spec_declarations_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_sub_projects_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "entries_texts" ADD CONSTRAINT "entries_texts_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "sub_projects_spec_declarations_order_idx" ON "sub_projects_spec_declarations" USING btree ("_order");
  CREATE INDEX "sub_projects_spec_declarations_parent_id_idx" ON "sub_projects_spec_declarations" USING btree ("_parent_id");
  CREATE INDEX "_sub_projects_v_version_spec_declarations_order_idx" ON "_sub_projects_v_version_spec_declarations" USING btree ("_order");
  CREATE INDEX "_sub_projects_v_version_spec_declarations_parent_id_idx" ON "_sub_projects_v_version_spec_declarations" USING btree ("_parent_id");
  CREATE INDEX "entries_texts_order_parent" ON "entries_texts" USING btree ("order","parent_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP TABLE "sub_projects_spec_declarations" CASCADE;
  DROP TABLE "_sub_projects_v_version_spec_declarations" CASCADE;
  DROP TABLE "entries_texts" CASCADE;
  ALTER TABLE "sub_projects" DROP COLUMN "spec_originality_required";
  ALTER TABLE "_sub_projects_v" DROP COLUMN "version_spec_originality_required";
  ALTER TABLE "entries" DROP COLUMN "is_original";`)
}
