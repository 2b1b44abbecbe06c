-- Photos of drawn features (issue 10): kept in the database beside the rows
-- they belong to, so backups, row-level security and transactions cover them
-- as they cover everything else. The village code is the feature's, checked
-- by the policy like the features' own.
CREATE TABLE "feature_photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"feature_id" uuid NOT NULL REFERENCES "features"("id") ON DELETE CASCADE,
	"village_code" text NOT NULL,
	"mime" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"bytes" bytea NOT NULL,
	"thumb" bytea NOT NULL,
	"kept_location" boolean DEFAULT false NOT NULL,
	"caption" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feature_photos_mime" CHECK ("mime" IN ('image/jpeg', 'image/png', 'image/webp'))
);
--> statement-breakpoint
CREATE INDEX "feature_photos_feature_idx" ON "feature_photos" ("feature_id", "created_at");
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON feature_photos TO cuntu_app;
--> statement-breakpoint
ALTER TABLE feature_photos ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY feature_photos_in_scope ON feature_photos USING (cuntu_in_scope(village_code)) WITH CHECK (cuntu_in_scope(village_code));
