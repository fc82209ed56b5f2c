-- 002: SQL helpers of the coverage analysis (api/src/analysis-db, docs/analysis.md).
-- Only functions that exist in PostGIS 3.3 (Debian 12) and 3.6 (PGlite); no ST_AsMVT.

-- A geometry's bounding box grown by m metres on every side, in degrees (EPSG:4326), for an
-- index-assisted `geom && atlas_expand_m(other, m)` prefilter before an exact geography
-- ST_DWithin. Conservative: a degree of latitude is at least 110,574 m (110,000 is used) and a
-- degree of longitude at least 111,320 m · cos φ at the box's latitude farthest from the equator
-- (111,000 · cos of that latitude plus the margin is used). Inlined by the planner (one SELECT,
-- immutable), so the box of the outer row reaches the GiST index of the inner table.
create or replace function atlas_expand_m(g geometry, m double precision) returns geometry
language sql immutable strict parallel safe as $$
  select ST_Expand(
    g,
    m / (111000.0 * cos(radians(least(89.0, greatest(abs(ST_YMin(g)), abs(ST_YMax(g))) + m / 110000.0)))),
    m / 110000.0)
$$;

-- The largest number of degrees (of longitude or latitude) that m metres can span around latitude
-- lat: m over the smallest metres-per-degree there (the same conservative constants). A planar
-- ST_DWithin(a, b, atlas_m_in_degrees(lat, m)) in EPSG:4326 then keeps every pair that is within
-- m metres (and a few more): a superset test that measures to straight lon/lat segments, as the
-- engine does, and that the GiST index answers.
create or replace function atlas_m_in_degrees(lat double precision, m double precision) returns double precision
language sql immutable strict parallel safe as $$
  select m / least(110000.0, 111000.0 * cos(radians(least(89.0, abs(lat) + m / 110000.0))))
$$;

-- A camera's view as a polygon, built on the ellipsoid: the apex at lon/lat, arc vertices at
-- `range_m` along geodesics (ST_Project on geography) at bearings from direction - fov/2 to
-- direction + fov/2 (degrees clockwise from north). A full circle of `segments` vertices when the
-- direction is null or the field of view is 360° or more; a sector gets
-- max(2, ceil(segments · fov / 360)) arc segments. Exterior ring counter-clockwise (RFC 7946).
-- This is the PostGIS side of the cross-check (api/test/coverage-crosscheck.int.test.ts): it shares
-- no code with the TypeScript engine (api/src/analysis/view.ts), which works in a tangent plane.
create or replace function atlas_view_polygon(
  lon double precision,
  lat double precision,
  direction_deg double precision,
  fov_deg double precision,
  range_m double precision,
  segments integer default 64
) returns geometry
language sql immutable parallel safe as $$
  with v as (
    select ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography as apex,
           (direction_deg is null or fov_deg is null or fov_deg >= 360) as circle,
           greatest(segments, 8) as n_circle,
           greatest(2, ceil(greatest(segments, 8) * least(fov_deg, 360) / 360.0))::int as n_arc
  ),
  -- bearing (degrees, any value) -> the point range_m away along the geodesic
  arc as (
    -- circle: bearings 0, -step, -2·step, ... (decreasing bearing = counter-clockwise)
    select i, -i * 360.0 / v.n_circle as bearing from v, generate_series(0, v.n_circle - 1) i where v.circle
    union all
    -- sector: from direction + fov/2 down to direction - fov/2
    select i, direction_deg + fov_deg / 2 - fov_deg * i / v.n_arc from v, generate_series(0, v.n_arc) i where not v.circle
  ),
  pts as (
    select array_agg(ST_Project(v.apex, range_m, radians(b - 360.0 * floor(b / 360.0)))::geometry order by arc.i) as arr
      from v, arc, lateral (select arc.bearing as b) x
  )
  select ST_SetSRID(ST_MakePolygon(ST_MakeLine(
           case when v.circle then pts.arr || pts.arr[1]
                else array[v.apex::geometry] || pts.arr || array[v.apex::geometry] end)), 4326)
    from v, pts
$$;

-- The longest explicit camera range bounds the candidate search box of the coverage analysis
-- (`select max(range_m) from cameras` reads one index entry instead of the table).
create index if not exists cameras_range_idx on cameras (range_m);
