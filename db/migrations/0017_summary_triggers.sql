-- What lists, tiles and stats need about a household, kept on its row, and
-- every village's aggregates, kept in area_tallies and village_summaries; all
-- in the same transaction as the write that changes them (statement-level
-- triggers with transition tables, so an import of 20,000 households refreshes
-- once per statement, not once per row).
--
-- The refresh functions run as the owner (SECURITY DEFINER): they only ever
-- recompute derived columns from the rows themselves, for households the
-- caller's statement already touched under row-level security, and the
-- aggregate tables are read-only to cuntu_app.
CREATE SEQUENCE village_version_seq;
--> statement-breakpoint
CREATE FUNCTION cuntu_bump_villages(villages text[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  INSERT INTO village_summaries (village_code, version)
  SELECT v, nextval('village_version_seq') FROM (SELECT DISTINCT unnest(villages) AS v) x WHERE v IS NOT NULL
  ON CONFLICT (village_code) DO UPDATE SET version = excluded.version
$$;
--> statement-breakpoint
-- Recompute the derived columns of these households from their assignments
-- (the same rules as household_category_rollup: expired assignments do not
-- count) and members. Rows that would not change are left alone, so the
-- households trigger below only refreshes aggregates that moved; the villages'
-- versions move regardless, since the write may have changed what a card shows.
CREATE FUNCTION cuntu_refresh_households(ids uuid[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  -- Set-based (joins grouped by household), not a lateral subquery per id: the
  -- planner picked a hash join over all of member_categories for each id, a
  -- full scan per household (8.6 s for 2,000 households at 40,000).
  WITH x AS (SELECT DISTINCT unnest(ids) AS id),
  held AS (
    SELECT hc.household_id AS id, hc.category_code AS code, hc.year
    FROM x JOIN household_categories hc ON hc.household_id = x.id
    WHERE hc.valid_to IS NULL OR hc.valid_to >= current_date
    UNION ALL
    SELECT mm.household_id, mc.category_code, mc.year
    FROM x JOIN members mm ON mm.household_id = x.id JOIN member_categories mc ON mc.member_id = mm.id
    WHERE mc.valid_to IS NULL OR mc.valid_to >= current_date
  ),
  c AS (
    SELECT id, array_agg(DISTINCT code ORDER BY code) AS codes,
           array_agg(DISTINCT CASE WHEN year IS NULL THEN code ELSE code || ':' || year END
                     ORDER BY CASE WHEN year IS NULL THEN code ELSE code || ':' || year END) AS tokens
    FROM held GROUP BY id
  ),
  m AS (
    SELECT mm.household_id AS id, count(*)::int AS n, max(mm.birth_date) AS youngest, min(mm.birth_date) AS oldest
    FROM x JOIN members mm ON mm.household_id = x.id GROUP BY mm.household_id
  ),
  d AS (
    SELECT mm.household_id AS id,
           array_agg(DISTINCT mc.disability_type::text || ':' || mc.disability_grade
                     ORDER BY mc.disability_type::text || ':' || mc.disability_grade) AS list
    FROM x JOIN members mm ON mm.household_id = x.id JOIN member_categories mc ON mc.member_id = mm.id
    WHERE mc.disability_type IS NOT NULL AND mc.disability_grade IS NOT NULL
    GROUP BY mm.household_id
  )
  UPDATE households h
  SET categories = s.categories, category_tokens = s.tokens, disabilities = s.disabilities,
      member_count = s.n, youngest_birth = s.youngest, oldest_birth = s.oldest
  FROM (
    SELECT x.id, coalesce(c.codes, '{}') AS categories, coalesce(c.tokens, '{}') AS tokens,
           coalesce(d.list, '{}') AS disabilities, coalesce(m.n, 0) AS n, m.youngest, m.oldest
    FROM x LEFT JOIN c ON c.id = x.id LEFT JOIN m ON m.id = x.id LEFT JOIN d ON d.id = x.id
  ) s
  WHERE h.id = s.id
    AND (h.categories, h.category_tokens, h.disabilities, h.member_count, h.youngest_birth, h.oldest_birth)
        IS DISTINCT FROM (s.categories, s.tokens, s.disabilities, s.n, s.youngest, s.oldest);
  -- Joins rather than `= ANY(ids)`: the backfill passes every household at once.
  PERFORM cuntu_bump_villages(array(SELECT DISTINCT h.village_code FROM unnest(ids) AS x(id) JOIN households h ON h.id = x.id));
END
$$;
--> statement-breakpoint
-- Recompute these villages' tallies, extent and version from their
-- households, then their townships' tallies from the village rows and their
-- counties' from the township rows (a few hundred rows each, not a scan).
CREATE FUNCTION cuntu_refresh_villages(villages text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  townships text[] := array(SELECT DISTINCT rpad(left(v, 9), 12, '0') FROM unnest(villages) v WHERE v IS NOT NULL);
  counties text[] := array(SELECT DISTINCT rpad(left(v, 6), 12, '0') FROM unnest(villages) v WHERE v IS NOT NULL);
BEGIN
  DELETE FROM area_tallies t USING unnest(villages) AS v(code) WHERE t.level = 'village' AND t.area_code = v.code;
  INSERT INTO area_tallies (area_code, level, status, categories, category_tokens, disabilities, households, people, located, sum_lng, sum_lat)
  SELECT h.village_code, 'village', h.status, h.categories, h.category_tokens, h.disabilities, count(*)::int, sum(h.member_count)::int,
         count(h.location)::int, coalesce(sum(ST_X(h.location)), 0), coalesce(sum(ST_Y(h.location)), 0)
  FROM (SELECT DISTINCT unnest(villages) AS code) v JOIN households h ON h.village_code = v.code
  GROUP BY h.village_code, h.status, h.categories, h.category_tokens, h.disabilities;

  DELETE FROM area_tallies t USING unnest(townships) AS a(code) WHERE t.level = 'township' AND t.area_code = a.code;
  INSERT INTO area_tallies (area_code, level, status, categories, category_tokens, disabilities, households, people, located, sum_lng, sum_lat)
  SELECT a.code, 'township', t.status, t.categories, t.category_tokens, t.disabilities,
         sum(t.households)::int, sum(t.people)::int, sum(t.located)::int, sum(t.sum_lng), sum(t.sum_lat)
  FROM unnest(townships) a(code)
  JOIN area_tallies t ON t.level = 'village' AND t.area_code BETWEEN a.code AND left(a.code, 9) || '999'
  GROUP BY a.code, t.status, t.categories, t.category_tokens, t.disabilities;

  DELETE FROM area_tallies t USING unnest(counties) AS a(code) WHERE t.level = 'county' AND t.area_code = a.code;
  INSERT INTO area_tallies (area_code, level, status, categories, category_tokens, disabilities, households, people, located, sum_lng, sum_lat)
  SELECT a.code, 'county', t.status, t.categories, t.category_tokens, t.disabilities,
         sum(t.households)::int, sum(t.people)::int, sum(t.located)::int, sum(t.sum_lng), sum(t.sum_lat)
  FROM unnest(counties) a(code)
  JOIN area_tallies t ON t.level = 'township' AND t.area_code BETWEEN a.code AND left(a.code, 6) || '999999'
  GROUP BY a.code, t.status, t.categories, t.category_tokens, t.disabilities;

  INSERT INTO village_summaries (village_code, version, extent)
  SELECT v, nextval('village_version_seq'),
         (SELECT ST_SetSRID(ST_Extent(h.location)::geometry, 4326) FROM households h WHERE h.village_code = v)
  FROM (SELECT DISTINCT unnest(villages) AS v) x WHERE v IS NOT NULL
  ON CONFLICT (village_code) DO UPDATE SET version = excluded.version, extent = excluded.extent;
END
$$;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION cuntu_bump_villages(text[]), cuntu_refresh_households(uuid[]), cuntu_refresh_villages(text[]) FROM PUBLIC;
--> statement-breakpoint
-- A bulk load (loadDataset: the demo village, the city-scale benchmark set)
-- defers the refresh with `SET LOCAL cuntu.defer_summaries = 'on'` and calls
-- cuntu_refresh_households and cuntu_refresh_villages once before it commits:
-- refreshing per statement recomputed each county's tallies for every batch
-- (about 90 households a second at city scale). A scoped request (cuntu.scope
-- set: every request through the API) can never defer.
CREATE FUNCTION cuntu_summaries_deferred() RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('cuntu.defer_summaries', true), '') = 'on'
     AND coalesce(current_setting('cuntu.scope', true), '') = ''
$$;
--> statement-breakpoint
-- households: any insert, update or delete refreshes the villages on both sides.
CREATE FUNCTION cuntu_households_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF cuntu_summaries_deferred() THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM cuntu_refresh_villages(array(SELECT DISTINCT village_code FROM new_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM cuntu_refresh_villages(array(SELECT village_code FROM new_rows UNION SELECT village_code FROM old_rows));
  ELSE
    PERFORM cuntu_refresh_villages(array(SELECT DISTINCT village_code FROM old_rows));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER households_summary_insert AFTER INSERT ON households
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cuntu_households_changed();
--> statement-breakpoint
CREATE TRIGGER households_summary_update AFTER UPDATE ON households
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cuntu_households_changed();
--> statement-breakpoint
CREATE TRIGGER households_summary_delete AFTER DELETE ON households
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cuntu_households_changed();
--> statement-breakpoint
-- TRUNCATE (seeding, tests) fires no delete trigger: empty the aggregates and
-- move every version, so nothing cached before survives.
CREATE FUNCTION cuntu_households_truncated() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  DELETE FROM area_tallies;
  UPDATE village_summaries SET version = nextval('village_version_seq'), extent = NULL;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER households_summary_truncate AFTER TRUNCATE ON households
  FOR EACH STATEMENT EXECUTE FUNCTION cuntu_households_truncated();
--> statement-breakpoint
-- members and household assignments carry household_id; member assignments
-- reach it through their member (a member deleted with its assignments is
-- covered by the members trigger).
CREATE FUNCTION cuntu_children_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE ids uuid[];
BEGIN
  IF cuntu_summaries_deferred() THEN RETURN NULL; END IF;
  IF TG_TABLE_NAME = 'member_categories' THEN
    IF TG_OP = 'INSERT' THEN
      ids := array(SELECT DISTINCT m.household_id FROM new_rows r JOIN members m ON m.id = r.member_id);
    ELSIF TG_OP = 'UPDATE' THEN
      ids := array(SELECT m.household_id FROM (SELECT member_id FROM new_rows UNION SELECT member_id FROM old_rows) r JOIN members m ON m.id = r.member_id);
    ELSE
      ids := array(SELECT DISTINCT m.household_id FROM old_rows r JOIN members m ON m.id = r.member_id);
    END IF;
  ELSIF TG_OP = 'INSERT' THEN
    ids := array(SELECT DISTINCT household_id FROM new_rows);
  ELSIF TG_OP = 'UPDATE' THEN
    ids := array(SELECT household_id FROM new_rows UNION SELECT household_id FROM old_rows);
  ELSE
    ids := array(SELECT DISTINCT household_id FROM old_rows);
  END IF;
  PERFORM cuntu_refresh_households(ids);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER members_summary_insert AFTER INSERT ON members
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cuntu_children_changed();
--> statement-breakpoint
CREATE TRIGGER members_summary_update AFTER UPDATE ON members
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cuntu_children_changed();
--> statement-breakpoint
CREATE TRIGGER members_summary_delete AFTER DELETE ON members
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cuntu_children_changed();
--> statement-breakpoint
CREATE TRIGGER household_categories_summary_insert AFTER INSERT ON household_categories
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cuntu_children_changed();
--> statement-breakpoint
CREATE TRIGGER household_categories_summary_update AFTER UPDATE ON household_categories
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cuntu_children_changed();
--> statement-breakpoint
CREATE TRIGGER household_categories_summary_delete AFTER DELETE ON household_categories
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cuntu_children_changed();
--> statement-breakpoint
CREATE TRIGGER member_categories_summary_insert AFTER INSERT ON member_categories
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cuntu_children_changed();
--> statement-breakpoint
CREATE TRIGGER member_categories_summary_update AFTER UPDATE ON member_categories
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cuntu_children_changed();
--> statement-breakpoint
CREATE TRIGGER member_categories_summary_delete AFTER DELETE ON member_categories
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cuntu_children_changed();
--> statement-breakpoint
-- Aggregates are household data: read-only to the application, scoped like the rows beneath them.
GRANT SELECT ON area_tallies, village_summaries TO cuntu_app;
--> statement-breakpoint
ALTER TABLE area_tallies ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- By the row's own area code: a worker sees their villages' rows, a lead their township's and its villages', never above.
CREATE POLICY area_tallies_in_scope ON area_tallies FOR SELECT USING (cuntu_in_scope(area_code));
--> statement-breakpoint
ALTER TABLE village_summaries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY village_summaries_in_scope ON village_summaries FOR SELECT USING (cuntu_in_scope(village_code));
--> statement-breakpoint
-- The households in a box, for tiles. Under row-level security the planner
-- must apply the policy before `&&` (not leakproof), so it cannot use the
-- spatial index and scans every household of the area (3.4 s for a z14 tile
-- at city scale). This function reads as the owner, where the index serves,
-- and applies the very same scope test the policy does, explicitly: the scope
-- stays enforced in the database, from the transaction's cuntu.scope.
CREATE FUNCTION cuntu_households_in_box(lo text, hi text, box geometry)
RETURNS TABLE (id uuid, village_code text, huhao text, group_number smallint, status household_status, location geometry,
               categories text[], category_tokens text[], disabilities text[], member_count integer,
               youngest_birth date, oldest_birth date)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT h.id, h.village_code, h.huhao, h.group_number, h.status, h.location, h.categories, h.category_tokens,
         h.disabilities, h.member_count, h.youngest_birth, h.oldest_birth
  FROM households h
  WHERE h.location && box AND h.village_code BETWEEN lo AND hi AND cuntu_in_scope(h.village_code)
$$;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION cuntu_households_in_box(text, text, geometry) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION cuntu_households_in_box(text, text, geometry) TO cuntu_app;
--> statement-breakpoint
-- Backfill: every household's derived columns, then every village's aggregates.
SELECT cuntu_refresh_households(coalesce(array_agg(id), '{}')) FROM households;
--> statement-breakpoint
SELECT cuntu_refresh_villages(coalesce(array_agg(DISTINCT village_code), '{}')) FROM households;
--> statement-breakpoint
-- Fresh statistics for the new columns and tables (PGlite is otherwise never analyzed).
ANALYZE households;
--> statement-breakpoint
ANALYZE area_tallies;
--> statement-breakpoint
ANALYZE village_summaries;
