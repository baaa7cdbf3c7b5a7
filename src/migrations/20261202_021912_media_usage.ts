import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TABLE "media_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"organizers_id" integer,
  	"campaigns_id" integer,
  	"users_id" integer
  );
  
  ALTER TABLE "media" ADD COLUMN "original_file_is_kept" boolean;
  ALTER TABLE "media" ADD COLUMN "original_file_had_location" boolean;
  ALTER TABLE "media" ADD COLUMN "original_file_removed" varchar;
  ALTER TABLE "media" ADD COLUMN "uploaded_by_id" integer;
  ALTER TABLE "media" ADD COLUMN "usage_is_public" boolean;
  ALTER TABLE "media_rels" ADD CONSTRAINT "media_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."media"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "media_rels" ADD CONSTRAINT "media_rels_organizers_fk" FOREIGN KEY ("organizers_id") REFERENCES "public"."organizers"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "media_rels" ADD CONSTRAINT "media_rels_campaigns_fk" FOREIGN KEY ("campaigns_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "media_rels" ADD CONSTRAINT "media_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "media_rels_order_idx" ON "media_rels" USING btree ("order");
  CREATE INDEX "media_rels_parent_idx" ON "media_rels" USING btree ("parent_id");
  CREATE INDEX "media_rels_path_idx" ON "media_rels" USING btree ("path");
  CREATE INDEX "media_rels_organizers_id_idx" ON "media_rels" USING btree ("organizers_id");
  CREATE INDEX "media_rels_campaigns_id_idx" ON "media_rels" USING btree ("campaigns_id");
  CREATE INDEX "media_rels_users_id_idx" ON "media_rels" USING btree ("users_id");
  ALTER TABLE "media" ADD CONSTRAINT "media_uploaded_by_id_users_id_fk" FOREIGN KEY ("uploaded_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "media_uploaded_by_idx" ON "media" USING btree ("uploaded_by_id");
  CREATE INDEX "media_usage_usage_is_public_idx" ON "media" USING btree ("usage_is_public");`)

  // Existing files get the usage the submission-spec plugin's hooks keep from now on, from the
  // documents that use them (the same rules as utilities/mediaUsage.ts), so a published work's
  // photo stays public and nothing unpublished does. Notices count by their current row.
  await db.execute(sql`
  WITH uses AS (
    SELECT r.media_id AS media_id, (e.status = 'published' AND e.syndication_pubstatus IS DISTINCT FROM 'canceled') AS is_public,
           e.submitting_unit_id AS unit_id, e.campaign_id AS campaign_id
      FROM entries_rels r JOIN entries e ON e.id = r.parent_id WHERE r.path = 'media' AND r.media_id IS NOT NULL
    UNION ALL
    SELECT w.photo_id, w.status = 'published', w.unit_id, w.campaign_id FROM featured_workers w WHERE w.photo_id IS NOT NULL
    UNION ALL
    SELECT c.intro_clip_id, c.status <> 'draft', NULL, c.id FROM campaigns c WHERE c.intro_clip_id IS NOT NULL
    UNION ALL
    SELECT c.logo_id, c.status <> 'draft', NULL, c.id FROM campaigns c WHERE c.logo_id IS NOT NULL
    UNION ALL
    SELECT a.file_id, n._status = 'published', NULL, n.campaign_id
      FROM notices_attachments a JOIN notices n ON n.id = a._parent_id WHERE a.file_id IS NOT NULL
  ),
  public_media AS (UPDATE media SET usage_is_public = true WHERE id IN (SELECT media_id FROM uses WHERE is_public) RETURNING id),
  units AS (
    INSERT INTO media_rels ("order", parent_id, path, organizers_id)
    SELECT row_number() OVER (PARTITION BY media_id ORDER BY unit_id), media_id, 'usage.units', unit_id
      FROM (SELECT DISTINCT media_id, unit_id FROM uses WHERE unit_id IS NOT NULL) u RETURNING id
  ),
  judges AS (
    INSERT INTO media_rels ("order", parent_id, path, users_id)
    SELECT row_number() OVER (PARTITION BY media_id ORDER BY users_id), media_id, 'usage.judges', users_id
      FROM (SELECT DISTINCT m.media_id, j.users_id FROM entries_rels m JOIN entries_rels j ON j.parent_id = m.parent_id AND j.path = 'judges'
             WHERE m.path = 'media' AND m.media_id IS NOT NULL AND j.users_id IS NOT NULL) u RETURNING id
  )
  INSERT INTO media_rels ("order", parent_id, path, campaigns_id)
  SELECT row_number() OVER (PARTITION BY media_id ORDER BY campaign_id), media_id, 'usage.campaigns', campaign_id
    FROM (SELECT DISTINCT media_id, campaign_id FROM uses WHERE campaign_id IS NOT NULL) u;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "media_rels" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "media_rels" CASCADE;
  ALTER TABLE "media" DROP CONSTRAINT "media_uploaded_by_id_users_id_fk";

  DROP INDEX "media_uploaded_by_idx";
  DROP INDEX "media_usage_usage_is_public_idx";
  ALTER TABLE "media" DROP COLUMN "original_file_is_kept";
  ALTER TABLE "media" DROP COLUMN "original_file_had_location";
  ALTER TABLE "media" DROP COLUMN "original_file_removed";
  ALTER TABLE "media" DROP COLUMN "uploaded_by_id";
  ALTER TABLE "media" DROP COLUMN "usage_is_public";`)
}
