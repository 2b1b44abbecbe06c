-- Saved print snapshots: the parameters of every printed sheet, atlas or
-- WeChat image (filters, extent, layers, page setup, names shown or not) and
-- the aggregate counts its legend showed, so "the map we showed at the March
-- meeting" can be listed, reopened as the same live view and printed again.
-- Parameters and counts only: never names or other record values. Row-level
-- security by village code, like the household tables (0008).
CREATE TABLE "print_snapshots" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "village_code" text NOT NULL REFERENCES "areas"("code"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "created_by" uuid REFERENCES "users"("id") ON DELETE SET NULL,
  "created_by_name" text NOT NULL,
  "kind" text NOT NULL CHECK ("kind" IN ('sheet', 'atlas', 'wechat')),
  "title" text NOT NULL,
  "params" jsonb NOT NULL,
  "counts" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "print_snapshots_village_idx" ON "print_snapshots" ("village_code", "created_at" DESC);
--> statement-breakpoint
-- Snapshots are records of what was shown: insert and read, never edited.
GRANT SELECT, INSERT ON print_snapshots TO cuntu_app;
--> statement-breakpoint
ALTER TABLE print_snapshots ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY print_snapshots_in_scope ON print_snapshots
  USING (cuntu_in_scope(village_code)) WITH CHECK (cuntu_in_scope(village_code));
