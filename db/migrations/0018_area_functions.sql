-- Measured on the city set (bench:tiles, December 2026): under row-level
-- security every aggregate query evaluated cuntu_in_scope once per row before
-- narrowing (181,743 village tally rows for the city: seconds per low-zoom
-- tile), and the SQL tile function was planned with its parameters unknown,
-- so a city-wide village range could win over the spatial index. These
-- functions read as the owner and test the scope once, on the area itself:
-- when both ends of the area's village-code range are in scope, a scope
-- prefix is a prefix of the area's own code, so every row of the range is in
-- scope; otherwise they return nothing. The caller's area is always one area
-- (the API's requireArea), so nothing a policy would show is lost.
CREATE OR REPLACE FUNCTION cuntu_area_in_scope(lo text, hi text) RETURNS boolean
LANGUAGE sql STABLE AS $$ SELECT cuntu_in_scope(lo) AND cuntu_in_scope(hi) $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION cuntu_households_in_box(lo text, hi text, box geometry)
RETURNS TABLE (id uuid, village_code text, huhao text, group_number smallint, status household_status, location geometry,
               categories text[], category_tokens text[], disabilities text[], member_count integer,
               youngest_birth date, oldest_birth date)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT cuntu_area_in_scope(lo, hi) THEN RETURN; END IF;
  -- EXECUTE: planned with the values, so the spatial index serves a small box inside a large area.
  RETURN QUERY EXECUTE
    'SELECT h.id, h.village_code, h.huhao, h.group_number, h.status, h.location, h.categories, h.category_tokens,
            h.disabilities, h.member_count, h.youngest_birth, h.oldest_birth
     FROM households h WHERE h.location && $3 AND h.village_code BETWEEN $1 AND $2'
    USING lo, hi, box;
END
$$;
--> statement-breakpoint
-- The tally rows of one level inside an area; with a box, only the areas of
-- that level that have a village whose households' extent meets the box.
CREATE FUNCTION cuntu_area_tallies(p_level area_level, lo text, hi text, box geometry, keep integer)
RETURNS TABLE (area_code text, status household_status, categories text[], category_tokens text[], disabilities text[],
               households integer, people integer, located integer, sum_lng double precision, sum_lat double precision)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT cuntu_area_in_scope(lo, hi) THEN RETURN; END IF;
  IF box IS NULL THEN
    RETURN QUERY SELECT t.area_code, t.status, t.categories, t.category_tokens, t.disabilities, t.households, t.people, t.located, t.sum_lng, t.sum_lat
      FROM area_tallies t WHERE t.level = p_level AND t.area_code BETWEEN lo AND hi;
  ELSE
    RETURN QUERY SELECT t.area_code, t.status, t.categories, t.category_tokens, t.disabilities, t.households, t.people, t.located, t.sum_lng, t.sum_lat
      FROM area_tallies t
      WHERE t.level = p_level AND t.area_code IN (
        SELECT DISTINCT rpad(left(s.village_code, keep), 12, '0') FROM village_summaries s
        WHERE s.village_code BETWEEN lo AND hi AND s.extent && box);
  END IF;
END
$$;
--> statement-breakpoint
-- An area's data version (the largest of its villages'), or null outside the scope.
CREATE FUNCTION cuntu_area_version(lo text, hi text) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT CASE WHEN cuntu_area_in_scope(lo, hi)
    THEN (SELECT max(s.version) FROM village_summaries s WHERE s.village_code BETWEEN lo AND hi) END
$$;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION cuntu_area_tallies(area_level, text, text, geometry, integer), cuntu_area_version(text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION cuntu_area_tallies(area_level, text, text, geometry, integer), cuntu_area_version(text, text) TO cuntu_app;
