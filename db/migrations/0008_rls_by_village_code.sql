-- Row-level security on members and category assignments by their own village
-- code instead of a lookup of the parent household per row (which made every
-- list 2–3× slower at city scale). Triggers keep the copy right: always taken
-- from the parent as the caller sees it, so a row whose household is out of
-- scope gets NULL and fails the policy's check.
UPDATE members m SET village_code = h.village_code FROM households h WHERE h.id = m.household_id;
--> statement-breakpoint
UPDATE household_categories c SET village_code = h.village_code FROM households h WHERE h.id = c.household_id;
--> statement-breakpoint
UPDATE member_categories c SET village_code = m.village_code FROM members m WHERE m.id = c.member_id;
--> statement-breakpoint
CREATE FUNCTION cuntu_village_from_household() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.village_code := (SELECT h.village_code FROM households h WHERE h.id = NEW.household_id);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE FUNCTION cuntu_village_from_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.village_code := (SELECT m.village_code FROM members m WHERE m.id = NEW.member_id);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER members_village_code BEFORE INSERT OR UPDATE ON members
  FOR EACH ROW EXECUTE FUNCTION cuntu_village_from_household();
--> statement-breakpoint
CREATE TRIGGER household_categories_village_code BEFORE INSERT OR UPDATE ON household_categories
  FOR EACH ROW EXECUTE FUNCTION cuntu_village_from_household();
--> statement-breakpoint
CREATE TRIGGER member_categories_village_code BEFORE INSERT OR UPDATE ON member_categories
  FOR EACH ROW EXECUTE FUNCTION cuntu_village_from_member();
--> statement-breakpoint
-- A household that moves village takes its members and assignments along.
CREATE FUNCTION cuntu_household_village_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE members SET village_code = NEW.village_code WHERE household_id = NEW.id;
  UPDATE household_categories SET village_code = NEW.village_code WHERE household_id = NEW.id;
  UPDATE member_categories mc SET village_code = NEW.village_code FROM members m WHERE m.id = mc.member_id AND m.household_id = NEW.id;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER households_village_moved AFTER UPDATE OF village_code ON households
  FOR EACH ROW WHEN (OLD.village_code IS DISTINCT FROM NEW.village_code) EXECUTE FUNCTION cuntu_household_village_moved();
--> statement-breakpoint
DROP POLICY members_in_scope ON members;
--> statement-breakpoint
CREATE POLICY members_in_scope ON members USING (cuntu_in_scope(village_code)) WITH CHECK (cuntu_in_scope(village_code));
--> statement-breakpoint
DROP POLICY household_categories_in_scope ON household_categories;
--> statement-breakpoint
CREATE POLICY household_categories_in_scope ON household_categories
  USING (cuntu_in_scope(village_code)) WITH CHECK (cuntu_in_scope(village_code));
--> statement-breakpoint
DROP POLICY member_categories_in_scope ON member_categories;
--> statement-breakpoint
CREATE POLICY member_categories_in_scope ON member_categories
  USING (cuntu_in_scope(village_code)) WITH CHECK (cuntu_in_scope(village_code));
