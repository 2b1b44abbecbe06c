-- Every category a household holds now: its own assignments plus those of its
-- members, rolled up. Lists, maps and counts read this one view so that a
-- household is counted once per category whichever member holds it.
CREATE VIEW "household_category_rollup" AS
SELECT hc.household_id, hc.category_code, hc.year
FROM household_categories hc
WHERE hc.valid_to IS NULL OR hc.valid_to >= current_date
UNION
SELECT m.household_id, mc.category_code, mc.year
FROM member_categories mc
JOIN members m ON m.id = mc.member_id
WHERE mc.valid_to IS NULL OR mc.valid_to >= current_date;
