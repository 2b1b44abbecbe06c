-- Row-level security: household data is visible only inside the area scope of
-- the current request. The server runs every request's queries in a transaction
-- that sets `cuntu.scope` (comma-separated area-code prefixes, or '*') and
-- switches to the non-owning role `cuntu_app`, to which these policies apply.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cuntu_app') THEN
    CREATE ROLE cuntu_app NOLOGIN;
  END IF;
END
$$;
--> statement-breakpoint
GRANT cuntu_app TO CURRENT_USER;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO cuntu_app;
--> statement-breakpoint
GRANT SELECT ON areas, village_groups, categories, organisations, organisation_areas TO cuntu_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON households, members, household_categories, member_categories TO cuntu_app;
--> statement-breakpoint
-- The audit log is insert-only for the application: no UPDATE or DELETE grant.
GRANT SELECT, INSERT ON audit_log TO cuntu_app;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE audit_log_id_seq TO cuntu_app;
--> statement-breakpoint
-- Views run with their owner's rights unless told otherwise, which would step around the policies.
ALTER VIEW household_category_rollup SET (security_invoker = true);
--> statement-breakpoint
GRANT SELECT ON household_category_rollup TO cuntu_app;
--> statement-breakpoint
CREATE FUNCTION cuntu_in_scope(code text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT CASE coalesce(current_setting('cuntu.scope', true), '')
    WHEN '*' THEN true
    WHEN '' THEN false
    ELSE EXISTS (
      SELECT 1 FROM unnest(string_to_array(current_setting('cuntu.scope', true), ',')) AS p(prefix)
      WHERE starts_with(code, p.prefix)
    )
  END
$$;
--> statement-breakpoint
ALTER TABLE households ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY households_in_scope ON households
  USING (cuntu_in_scope(village_code)) WITH CHECK (cuntu_in_scope(village_code));
--> statement-breakpoint
ALTER TABLE members ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY members_in_scope ON members
  USING (EXISTS (SELECT 1 FROM households h WHERE h.id = household_id))
  WITH CHECK (EXISTS (SELECT 1 FROM households h WHERE h.id = household_id));
--> statement-breakpoint
ALTER TABLE household_categories ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY household_categories_in_scope ON household_categories
  USING (EXISTS (SELECT 1 FROM households h WHERE h.id = household_id))
  WITH CHECK (EXISTS (SELECT 1 FROM households h WHERE h.id = household_id));
--> statement-breakpoint
ALTER TABLE member_categories ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY member_categories_in_scope ON member_categories
  USING (EXISTS (SELECT 1 FROM members m WHERE m.id = member_id))
  WITH CHECK (EXISTS (SELECT 1 FROM members m WHERE m.id = member_id));
--> statement-breakpoint
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_log_insert ON audit_log FOR INSERT WITH CHECK (true);
--> statement-breakpoint
CREATE POLICY audit_log_read_in_scope ON audit_log FOR SELECT
  USING (cuntu_in_scope(coalesce(area_code, '')) OR user_id::text = current_setting('cuntu.user_id', true));
