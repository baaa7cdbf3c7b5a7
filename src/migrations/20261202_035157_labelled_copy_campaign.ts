import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "renditions" ADD COLUMN "campaign_id" integer;
  ALTER TABLE "renditions" ADD CONSTRAINT "renditions_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "renditions_campaign_idx" ON "renditions" USING btree ("campaign_id");`)
  await assignStoredCopies({ db })
}

/**
 * Labelled copies made before they belonged to a campaign go to the campaign they were made for:
 * one of whose works uses the file and whose current intro clip made the video's copy, or whose
 * current label (with the watermark option on) is the photo's text, as the unified-campaign plugin
 * renders it (`renderLabel`: the brackets around the trimmed label). The lowest id wins when
 * campaigns share a file and the same intro or label. A copy no campaign fits (stale, or its
 * file no longer used) keeps no campaign: it is neither pushed nor removed, and its link stays.
 */
const assignStoredCopies = async ({ db }: Pick<MigrateUpArgs, 'db'>) => {
  await db.execute(sql`
  UPDATE renditions r SET campaign_id = (
    SELECT min(c.id) FROM campaigns c
     WHERE c.intro_clip_id = r.intro_id
       AND EXISTS (SELECT 1 FROM entries e JOIN entries_rels er ON er.parent_id = e.id AND er.path = 'media'
                    WHERE e.campaign_id = c.id AND er.media_id = r.original_id))
   WHERE r.name = 'intro' AND r.campaign_id IS NULL;

  UPDATE renditions r SET campaign_id = (
    SELECT min(c.id) FROM campaigns c
     WHERE c.unification_watermark_photos
       AND left(coalesce(c.unification_label_brackets, '【】'), 1)
           || regexp_replace(c.label, '^[[:space:]]+|[[:space:]]+$', '', 'g')
           || substr(coalesce(c.unification_label_brackets, '【】'), 2, 1) = r.label_text
       AND EXISTS (SELECT 1 FROM entries e JOIN entries_rels er ON er.parent_id = e.id AND er.path = 'media'
                    WHERE e.campaign_id = c.id AND er.media_id = r.original_id))
   WHERE r.name = 'label' AND r.campaign_id IS NULL;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "renditions" DROP CONSTRAINT "renditions_campaign_id_campaigns_id_fk";
  
  DROP INDEX "renditions_campaign_idx";
  ALTER TABLE "renditions" DROP COLUMN "campaign_id";`)
}
