-- Drawn maps: feature kinds (the registry in @cuntu/domain, plus a station's
-- own), a village's named maps, their layers, the features drawn on them, and
-- one change log (who, when, before, after) for every edit of a feature,
-- layer or map, meant to be shared by household edits later.
-- Area scope as for households (0008): every row carries its village code,
-- copied by trigger from its parent so it cannot be forged, and row-level
-- security checks it. Deletions are soft (deleted_at) so a feature can be
-- restored; the application role has no DELETE grant on them.
CREATE TABLE "feature_kinds" (
	"code" text PRIMARY KEY NOT NULL,
	"group_code" text NOT NULL,
	"label_zh" text NOT NULL,
	"label_en" text NOT NULL,
	"colour" text NOT NULL,
	"icon" text NOT NULL,
	"geometries" text[] NOT NULL,
	"builtin" boolean DEFAULT false NOT NULL,
	"station_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feature_kinds_code_format" CHECK ("code" ~ '^[a-z][a-z0-9_]{1,39}$'),
	CONSTRAINT "feature_kinds_colour_format" CHECK ("colour" ~ '^#[0-9a-f]{6}$'),
	CONSTRAINT "feature_kinds_geometries" CHECK ("geometries" <@ ARRAY['point','line','polygon']::text[] AND cardinality("geometries") > 0),
	CONSTRAINT "feature_kinds_station_or_builtin" CHECK ("builtin" OR "station_code" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "maps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"village_code" text NOT NULL REFERENCES "areas"("code"),
	"name" text NOT NULL,
	"purpose" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_by_name" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "maps_purpose" CHECK ("purpose" IN ('base', 'asset', 'need', 'other'))
);
--> statement-breakpoint
CREATE TABLE "map_layers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"map_id" uuid NOT NULL REFERENCES "maps"("id"),
	"village_code" text NOT NULL,
	"name" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"visible" boolean DEFAULT true NOT NULL,
	"locked" boolean DEFAULT false NOT NULL,
	"opacity" real DEFAULT 1 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_by_name" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "map_layers_opacity" CHECK ("opacity" >= 0 AND "opacity" <= 1)
);
--> statement-breakpoint
CREATE TABLE "features" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"layer_id" uuid NOT NULL REFERENCES "map_layers"("id"),
	"village_code" text NOT NULL,
	"kind" text NOT NULL REFERENCES "feature_kinds"("code"),
	"name" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"geom" geometry(Geometry, 4326) NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_by_name" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "features_geom_types" CHECK (GeometryType("geom") IN ('POINT', 'LINESTRING', 'POLYGON'))
);
--> statement-breakpoint
CREATE TABLE "change_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" uuid,
	"username" text,
	"entity_type" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"village_code" text NOT NULL,
	"action" text NOT NULL,
	"version" integer NOT NULL,
	"before" jsonb,
	"after" jsonb,
	CONSTRAINT "change_log_action" CHECK ("action" IN ('create', 'update', 'delete', 'restore'))
);
--> statement-breakpoint
CREATE INDEX "maps_village_idx" ON "maps" USING btree ("village_code");
--> statement-breakpoint
CREATE INDEX "map_layers_map_idx" ON "map_layers" USING btree ("map_id", "position");
--> statement-breakpoint
CREATE INDEX "features_layer_idx" ON "features" USING btree ("layer_id");
--> statement-breakpoint
CREATE INDEX "features_village_idx" ON "features" USING btree ("village_code");
--> statement-breakpoint
CREATE INDEX "features_geom_idx" ON "features" USING gist ("geom");
--> statement-breakpoint
CREATE INDEX "change_log_entity_idx" ON "change_log" USING btree ("entity_type", "entity_id", "id");
--> statement-breakpoint
CREATE FUNCTION cuntu_village_from_map() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.village_code := (SELECT m.village_code FROM maps m WHERE m.id = NEW.map_id);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE FUNCTION cuntu_village_from_layer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.village_code := (SELECT l.village_code FROM map_layers l WHERE l.id = NEW.layer_id);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER map_layers_village_code BEFORE INSERT OR UPDATE ON map_layers
  FOR EACH ROW EXECUTE FUNCTION cuntu_village_from_map();
--> statement-breakpoint
CREATE TRIGGER features_village_code BEFORE INSERT OR UPDATE ON features
  FOR EACH ROW EXECUTE FUNCTION cuntu_village_from_layer();
--> statement-breakpoint
GRANT SELECT, INSERT ON feature_kinds TO cuntu_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON maps, map_layers, features TO cuntu_app;
--> statement-breakpoint
-- The change log is insert-only for the application, like the audit log.
GRANT SELECT, INSERT ON change_log TO cuntu_app;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE change_log_id_seq TO cuntu_app;
--> statement-breakpoint
ALTER TABLE feature_kinds ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- A station's kinds are seen by everyone working inside its township (a worker's scope is one village in it).
CREATE FUNCTION cuntu_scope_within(township text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT CASE coalesce(current_setting('cuntu.scope', true), '')
    WHEN '*' THEN true
    WHEN '' THEN false
    ELSE EXISTS (
      SELECT 1 FROM unnest(string_to_array(current_setting('cuntu.scope', true), ',')) AS p(prefix)
      WHERE starts_with(p.prefix, left(township, 9)) OR starts_with(township, p.prefix)
    )
  END
$$;
--> statement-breakpoint
CREATE POLICY feature_kinds_visible ON feature_kinds USING (builtin OR cuntu_scope_within(station_code))
  WITH CHECK (NOT builtin AND cuntu_in_scope(station_code));
--> statement-breakpoint
ALTER TABLE maps ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY maps_in_scope ON maps USING (cuntu_in_scope(village_code)) WITH CHECK (cuntu_in_scope(village_code));
--> statement-breakpoint
ALTER TABLE map_layers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY map_layers_in_scope ON map_layers USING (cuntu_in_scope(village_code)) WITH CHECK (cuntu_in_scope(village_code));
--> statement-breakpoint
ALTER TABLE features ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY features_in_scope ON features USING (cuntu_in_scope(village_code)) WITH CHECK (cuntu_in_scope(village_code));
--> statement-breakpoint
ALTER TABLE change_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY change_log_in_scope ON change_log USING (cuntu_in_scope(village_code)) WITH CHECK (cuntu_in_scope(village_code));
