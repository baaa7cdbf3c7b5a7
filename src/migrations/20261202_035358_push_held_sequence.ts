import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

/**
 * partner-push: deliveries held for a paused or disabled partner (`held`); sequence numbers given
 * when a delivery is first sent (so empty until then); the work's responsible editor kept for its
 * takedown. Also guards the partners' sequence counter (below) and fills the editor of the works
 * partners hold now.
 */
export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_deliveries_state" ADD VALUE 'held' BEFORE 'sending';
  ALTER TABLE "deliveries" ALTER COLUMN "sequence" DROP NOT NULL;
  ALTER TABLE "entries" ADD COLUMN "syndication_responsible_editor" varchar;`)
  // Payload writes a whole partner-site row from what it read: a save racing a send would put the
  // counter back and hand one number out twice. The counter only ever goes up.
  await db.execute(sql`
  CREATE OR REPLACE FUNCTION "partner_sites_push_sequence_only_up"() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    NEW."push_sequence" := greatest(coalesce(NEW."push_sequence", 0), coalesce(OLD."push_sequence", 0));
    RETURN NEW;
  END $$;
  CREATE TRIGGER "partner_sites_push_sequence_only_up" BEFORE UPDATE ON "partner_sites"
    FOR EACH ROW EXECUTE FUNCTION "partner_sites_push_sequence_only_up"();`)
  await db.execute(sql`
  UPDATE "entries" e SET "syndication_responsible_editor" = coalesce(nullif(u."name", ''), u."email")
    FROM "users" u
   WHERE u.id = e."best_work_selected_by_id" AND e."syndication_pubstatus" = 'usable';`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
  DROP TRIGGER "partner_sites_push_sequence_only_up" ON "partner_sites";
  DROP FUNCTION "partner_sites_push_sequence_only_up"();
  UPDATE "deliveries" SET "state" = 'pending' WHERE "state" = 'held';
  UPDATE "deliveries" SET "sequence" = 0 WHERE "sequence" IS NULL;
   ALTER TABLE "deliveries" ALTER COLUMN "state" SET DATA TYPE text;
  ALTER TABLE "deliveries" ALTER COLUMN "state" SET DEFAULT 'pending'::text;
  DROP TYPE "public"."enum_deliveries_state";
  CREATE TYPE "public"."enum_deliveries_state" AS ENUM('pending', 'sending', 'retrying', 'delivered', 'failed', 'superseded');
  ALTER TABLE "deliveries" ALTER COLUMN "state" SET DEFAULT 'pending'::"public"."enum_deliveries_state";
  ALTER TABLE "deliveries" ALTER COLUMN "state" SET DATA TYPE "public"."enum_deliveries_state" USING "state"::"public"."enum_deliveries_state";
  ALTER TABLE "deliveries" ALTER COLUMN "sequence" SET NOT NULL;
  ALTER TABLE "entries" DROP COLUMN "syndication_responsible_editor";`)
}
