-- Two transactions writing households of one township at the same time
-- (two workers saving, an import beside an edit) both rebuilt its tallies by
-- delete-then-insert: the second's DELETE, planned before the first
-- committed, skipped the rows the first had just inserted, and both sets
-- stayed (double counts in area_tallies; with area_rollups' primary key,
-- 0021, a unique violation and a failed save). bench:load's concurrent PATCH
-- case showed it. The refresh now takes a transaction-level advisory lock on
-- every village, township and county it rebuilds, in one order (so two
-- refreshes cannot deadlock), before it reads: the second waits for the first
-- to commit and then, in READ COMMITTED, reads and replaces what it wrote.
ALTER FUNCTION cuntu_refresh_villages(text[]) RENAME TO cuntu_refresh_villages_unlocked;
--> statement-breakpoint
CREATE FUNCTION cuntu_refresh_villages(villages text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(20261204, k.h)
  FROM (SELECT DISTINCT hashtext(c) AS h FROM unnest(villages) v,
          LATERAL (VALUES (v), (rpad(left(v, 9), 12, '0')), (rpad(left(v, 6), 12, '0'))) x(c)
        WHERE v IS NOT NULL) k
  ORDER BY k.h;
  PERFORM cuntu_refresh_villages_unlocked(villages);
END
$$;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION cuntu_refresh_villages(text[]), cuntu_refresh_villages_unlocked(text[]) FROM PUBLIC;
