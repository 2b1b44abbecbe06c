-- Imports under row-level security, like 0004: batches, their changes and
-- pending uploads are visible and writable only inside the caller's area
-- scope; an upload only to the account that made it.
GRANT SELECT, INSERT, UPDATE ON import_batches TO cuntu_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON import_changes TO cuntu_app;
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON import_uploads TO cuntu_app;
--> statement-breakpoint
-- An import creates the village groups (村组) its workbook names and undo removes them again.
GRANT INSERT, DELETE ON village_groups TO cuntu_app;
--> statement-breakpoint
ALTER TABLE import_batches ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY import_batches_in_scope ON import_batches
  USING (cuntu_in_scope(village_code)) WITH CHECK (cuntu_in_scope(village_code));
--> statement-breakpoint
ALTER TABLE import_changes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY import_changes_in_scope ON import_changes
  USING (EXISTS (SELECT 1 FROM import_batches b WHERE b.id = batch_id))
  WITH CHECK (EXISTS (SELECT 1 FROM import_batches b WHERE b.id = batch_id));
--> statement-breakpoint
ALTER TABLE import_uploads ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY import_uploads_own ON import_uploads
  USING (cuntu_in_scope(village_code) AND user_id::text = current_setting('cuntu.user_id', true))
  WITH CHECK (cuntu_in_scope(village_code) AND user_id::text = current_setting('cuntu.user_id', true));
--> statement-breakpoint
ALTER TABLE village_groups ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Group names are not sensitive: everyone reads them, as before this migration.
CREATE POLICY village_groups_read ON village_groups FOR SELECT USING (true);
--> statement-breakpoint
CREATE POLICY village_groups_insert ON village_groups FOR INSERT WITH CHECK (cuntu_in_scope(village_code));
--> statement-breakpoint
CREATE POLICY village_groups_delete ON village_groups FOR DELETE USING (cuntu_in_scope(village_code));
