-- One row per area, level and status: households, people, the centroid sums
-- and households per held category, rolled up from area_tallies. Measured on
-- the city set (bench:tiles, December 2026): an unfiltered z8 tile read about
-- 34,000 tally rows for 72 townships (one per distinct combination of
-- statuses, categories and disabilities) and aggregated them per request;
-- the same answer from these rows is 3 rows per township. A filter on
-- categories, years or disabilities still reads the tallies.
CREATE TABLE "area_rollups" (
	"area_code" text NOT NULL,
	"level" "area_level" NOT NULL,
	"status" "household_status" NOT NULL,
	"households" integer NOT NULL,
	"people" integer NOT NULL,
	"located" integer NOT NULL,
	"sum_lng" double precision NOT NULL,
	"sum_lat" double precision NOT NULL,
	"by_category" jsonb NOT NULL,
	CONSTRAINT "area_rollups_level_area_code_status_pk" PRIMARY KEY("level","area_code","status")
);
--> statement-breakpoint
-- Recompute the rollups of these (level, area) pairs from their tally rows.
CREATE FUNCTION cuntu_refresh_rollups(levels area_level[], codes text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  DELETE FROM area_rollups r USING unnest(levels, codes) AS k(level, code) WHERE r.level = k.level AND r.area_code = k.code;
  INSERT INTO area_rollups (area_code, level, status, households, people, located, sum_lng, sum_lat, by_category)
  SELECT t.area_code, t.level, t.status, sum(t.households)::int, sum(t.people)::int, sum(t.located)::int, sum(t.sum_lng), sum(t.sum_lat),
         coalesce((SELECT jsonb_object_agg(c.k, c.n) FROM (
             SELECT u.k, sum(t2.households)::int AS n FROM area_tallies t2, unnest(t2.categories) u(k)
             WHERE t2.level = t.level AND t2.area_code = t.area_code AND t2.status = t.status GROUP BY u.k) c), '{}')
  FROM (SELECT DISTINCT * FROM unnest(levels, codes) AS k(level, code)) k
  JOIN area_tallies t ON t.level = k.level AND t.area_code = k.code
  GROUP BY t.area_code, t.level, t.status;
END
$$;
--> statement-breakpoint
-- Kept by triggers on the tallies rather than inside cuntu_refresh_villages:
-- every writer of area_tallies (the refresh, the truncate handler) keeps them.
CREATE FUNCTION cuntu_tallies_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE ls area_level[]; cs text[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(x.level), array_agg(x.area_code) INTO ls, cs FROM (SELECT DISTINCT level, area_code FROM new_rows) x;
  ELSE
    SELECT array_agg(x.level), array_agg(x.area_code) INTO ls, cs FROM (SELECT DISTINCT level, area_code FROM old_rows) x;
  END IF;
  IF ls IS NOT NULL THEN PERFORM cuntu_refresh_rollups(ls, cs); END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER area_tallies_rollup_insert AFTER INSERT ON area_tallies
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cuntu_tallies_changed();
--> statement-breakpoint
CREATE TRIGGER area_tallies_rollup_delete AFTER DELETE ON area_tallies
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cuntu_tallies_changed();
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION cuntu_refresh_rollups(area_level[], text[]) FROM PUBLIC;
--> statement-breakpoint
GRANT SELECT ON area_rollups TO cuntu_app;
--> statement-breakpoint
ALTER TABLE area_rollups ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY area_rollups_in_scope ON area_rollups FOR SELECT USING (cuntu_in_scope(area_code));
--> statement-breakpoint
-- The rollup rows of one level inside an area, as cuntu_area_tallies (0018) gives tally rows.
CREATE FUNCTION cuntu_area_rollups(p_level area_level, lo text, hi text, box geometry, keep integer)
RETURNS TABLE (area_code text, status household_status, households integer, people integer, located integer,
               sum_lng double precision, sum_lat double precision, by_category jsonb)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT cuntu_area_in_scope(lo, hi) THEN RETURN; END IF;
  IF box IS NULL THEN
    RETURN QUERY SELECT r.area_code, r.status, r.households, r.people, r.located, r.sum_lng, r.sum_lat, r.by_category
      FROM area_rollups r WHERE r.level = p_level AND r.area_code BETWEEN lo AND hi;
  ELSE
    RETURN QUERY SELECT r.area_code, r.status, r.households, r.people, r.located, r.sum_lng, r.sum_lat, r.by_category
      FROM area_rollups r
      WHERE r.level = p_level AND r.area_code IN (
        SELECT DISTINCT rpad(left(s.village_code, keep), 12, '0') FROM village_summaries s
        WHERE s.village_code BETWEEN lo AND hi AND s.extent && box);
  END IF;
END
$$;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION cuntu_area_rollups(area_level, text, text, geometry, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION cuntu_area_rollups(area_level, text, text, geometry, integer) TO cuntu_app;
--> statement-breakpoint
SELECT cuntu_refresh_rollups(array_agg(x.level), array_agg(x.area_code)) FROM (SELECT DISTINCT level, area_code FROM area_tallies) x;
--> statement-breakpoint
ANALYZE area_rollups;
