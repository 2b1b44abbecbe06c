-- The GCJ-02 forward shift of a WGS84 point: the published formula of
-- domain/src/coords.ts (wgs84ToGcj02), in SQL, so household tiles can be cut
-- in the datum of a Chinese basemap (高德). A vector tile cannot be shifted in
-- the browser the way GeoJSON is, so the server cuts it where the basemap is.
-- Outside China's rough box a point passes through unchanged, as in the domain.
CREATE FUNCTION cuntu_gcj02_point(p geometry) RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE
    WHEN lon < 72.004 OR lon > 137.8347 OR lat < 0.8293 OR lat > 55.8271 THEN p
    ELSE ST_SetSRID(ST_MakePoint(
      lon + (dlon * 180.0) / ((6378245.0 / sqrt(magic)) * cos(radians(lat)) * pi()),
      lat + (dlat * 180.0) / (((6378245.0 * (1 - 0.006693421622965943)) / (magic * sqrt(magic))) * pi())), 4326)
  END
  FROM (
    SELECT lon, lat,
      1 - 0.006693421622965943 * sin(radians(lat)) ^ 2 AS magic,
      -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x))
        + (20.0 * sin(6.0 * x * pi()) + 20.0 * sin(2.0 * x * pi())) * 2.0 / 3.0
        + (20.0 * sin(y * pi()) + 40.0 * sin(y / 3.0 * pi())) * 2.0 / 3.0
        + (160.0 * sin(y / 12.0 * pi()) + 320 * sin(y * pi() / 30.0)) * 2.0 / 3.0 AS dlat,
      300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x))
        + (20.0 * sin(6.0 * x * pi()) + 20.0 * sin(2.0 * x * pi())) * 2.0 / 3.0
        + (20.0 * sin(x * pi()) + 40.0 * sin(x / 3.0 * pi())) * 2.0 / 3.0
        + (150.0 * sin(x / 12.0 * pi()) + 300.0 * sin(x / 30.0 * pi())) * 2.0 / 3.0 AS dlon
    FROM (SELECT ST_X(p)::float8 AS lon, ST_Y(p)::float8 AS lat, ST_X(p)::float8 - 105.0 AS x, ST_Y(p)::float8 - 35.0 AS y) a
  ) b
$$;
