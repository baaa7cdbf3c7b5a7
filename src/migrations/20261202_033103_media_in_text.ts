import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "notices_rels" ADD COLUMN "media_id" integer;
  ALTER TABLE "_notices_v_rels" ADD COLUMN "media_id" integer;
  ALTER TABLE "featured_workers_rels" ADD COLUMN "media_id" integer;
  ALTER TABLE "notices_rels" ADD CONSTRAINT "notices_rels_media_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_notices_v_rels" ADD CONSTRAINT "_notices_v_rels_media_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "featured_workers_rels" ADD CONSTRAINT "featured_workers_rels_media_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "notices_rels_media_id_idx" ON "notices_rels" USING btree ("media_id");
  CREATE INDEX "_notices_v_rels_media_id_idx" ON "_notices_v_rels" USING btree ("media_id");
  CREATE INDEX "featured_workers_rels_media_id_idx" ON "featured_workers_rels" USING btree ("media_id");`)
  await fillMediaInText({ db })
}

/**
 * Finds the pictures stored rich text already shows (Lexical upload nodes of `media`, at any
 * depth; `value` an id or a populated document), fills `mediaInText` of notices (and of their
 * versions) and featured workers, and adds them to the pictures' `usage` as the plugin's
 * recompute would: public when the notice or profile is published, the campaign (a notice's
 * latest draft counts) and the profile's unit. Nothing is removed from `usage`.
 */
const fillMediaInText = async ({ db }: Pick<MigrateUpArgs, 'db'>) => {
  const shown = (column: string) =>
    sql.raw(`(
      SELECT DISTINCT m.id FROM jsonb_path_query(${column}, 'lax $.** ? (@.type == "upload" && @.relationTo == "media").value') AS node(value)
      JOIN media m ON m.id::text = (CASE jsonb_typeof(node.value) WHEN 'object' THEN node.value ->> 'id' ELSE node.value #>> '{}' END)
    )`)
  await db.execute(sql`
  INSERT INTO notices_rels ("order", parent_id, path, media_id)
  SELECT row_number() OVER (PARTITION BY n.id ORDER BY s.id), n.id, 'mediaInText', s.id FROM notices n CROSS JOIN LATERAL ${shown('n.body')} s;
  INSERT INTO _notices_v_rels ("order", parent_id, path, media_id)
  SELECT row_number() OVER (PARTITION BY v.id ORDER BY s.id), v.id, 'version.mediaInText', s.id FROM _notices_v v CROSS JOIN LATERAL ${shown('v.version_body')} s;
  INSERT INTO featured_workers_rels ("order", parent_id, path, media_id)
  SELECT row_number() OVER (PARTITION BY w.id ORDER BY s.id), w.id, 'mediaInText', s.id FROM featured_workers w CROSS JOIN LATERAL ${shown('w.story')} s;

  UPDATE media SET usage_is_public = true WHERE id IN (
    SELECT r.media_id FROM notices_rels r JOIN notices n ON n.id = r.parent_id WHERE r.path = 'mediaInText' AND n._status = 'published'
    UNION SELECT r.media_id FROM featured_workers_rels r JOIN featured_workers w ON w.id = r.parent_id WHERE r.path = 'mediaInText' AND w.status = 'published');

  WITH pairs AS (
    SELECT r.media_id, n.campaign_id AS campaign_id FROM notices_rels r JOIN notices n ON n.id = r.parent_id WHERE r.path = 'mediaInText' AND n.campaign_id IS NOT NULL
    UNION SELECT r.media_id, v.version_campaign_id FROM _notices_v_rels r JOIN _notices_v v ON v.id = r.parent_id
      WHERE r.path = 'version.mediaInText' AND v.latest AND v.version_campaign_id IS NOT NULL
    UNION SELECT r.media_id, w.campaign_id FROM featured_workers_rels r JOIN featured_workers w ON w.id = r.parent_id WHERE r.path = 'mediaInText' AND w.campaign_id IS NOT NULL
  ), missing AS (
    SELECT p.media_id, p.campaign_id FROM pairs p
     WHERE NOT EXISTS (SELECT 1 FROM media_rels u WHERE u.parent_id = p.media_id AND u.path = 'usage.campaigns' AND u.campaigns_id = p.campaign_id)
  )
  INSERT INTO media_rels ("order", parent_id, path, campaigns_id)
  SELECT COALESCE((SELECT max(u."order") FROM media_rels u WHERE u.parent_id = m.media_id AND u.path = 'usage.campaigns'), 0)
         + row_number() OVER (PARTITION BY m.media_id ORDER BY m.campaign_id), m.media_id, 'usage.campaigns', m.campaign_id
    FROM missing m;

  WITH missing AS (
    SELECT DISTINCT r.media_id, w.unit_id FROM featured_workers_rels r JOIN featured_workers w ON w.id = r.parent_id
     WHERE r.path = 'mediaInText' AND w.unit_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM media_rels u WHERE u.parent_id = r.media_id AND u.path = 'usage.units' AND u.organizers_id = w.unit_id)
  )
  INSERT INTO media_rels ("order", parent_id, path, organizers_id)
  SELECT COALESCE((SELECT max(u."order") FROM media_rels u WHERE u.parent_id = m.media_id AND u.path = 'usage.units'), 0)
         + row_number() OVER (PARTITION BY m.media_id ORDER BY m.unit_id), m.media_id, 'usage.units', m.unit_id
    FROM missing m;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "notices_rels" DROP CONSTRAINT "notices_rels_media_fk";
  
  ALTER TABLE "_notices_v_rels" DROP CONSTRAINT "_notices_v_rels_media_fk";
  
  ALTER TABLE "featured_workers_rels" DROP CONSTRAINT "featured_workers_rels_media_fk";
  
  DROP INDEX "notices_rels_media_id_idx";
  DROP INDEX "_notices_v_rels_media_id_idx";
  DROP INDEX "featured_workers_rels_media_id_idx";
  ALTER TABLE "notices_rels" DROP COLUMN "media_id";
  ALTER TABLE "_notices_v_rels" DROP COLUMN "media_id";
  ALTER TABLE "featured_workers_rels" DROP COLUMN "media_id";`)
}
