-- 001: the complete data model of ../shared/DOMAIN.md (Parts 1-3, footage requests, the DLA survey).
-- Geometry is stored in WGS84 (EPSG:4326); metre computations use geography (see sql/README.md).
-- Enumerations are text + CHECK so adding a value is a one-line migration on both engines.

create extension if not exists postgis;

create table app_meta (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

-- Administrative areas ------------------------------------------------------------------------

create table provinces (
  code text primary key check (code ~ '^[0-9]{2}$'),
  name_th text not null unique,
  name_en text not null,
  region text,
  area_sqkm double precision,
  geom geometry(MultiPolygon, 4326) not null
);
create index provinces_geom_idx on provinces using gist (geom);

-- The district and subdistrict files carry names but no official codes: ids are ours.
create table districts (
  id serial primary key,
  province_code text not null references provinces (code),
  name_th text not null,
  name_en text not null,
  geom geometry(MultiPolygon, 4326) not null,
  unique (province_code, name_th)
);
create index districts_geom_idx on districts using gist (geom);

create table subdistricts (
  id serial primary key,
  province_code text not null references provinces (code),
  district_id int not null references districts (id),
  name_th text not null,
  name_en text not null,
  geom geometry(MultiPolygon, 4326) not null
);
create index subdistricts_geom_idx on subdistricts using gist (geom);
create index subdistricts_district_idx on subdistricts (district_id);

-- Subdivided copies of the area polygons (<= 128 vertices each) so that point-in-polygon
-- lookups touch small pieces instead of whole provinces. Rebuilt whenever boundaries load.
create table area_parts (
  level text not null check (level in ('province', 'district', 'subdistrict')),
  area_key text not null,
  geom geometry(Polygon, 4326) not null
);
create index area_parts_geom_idx on area_parts using gist (geom);

-- Agencies and police ----------------------------------------------------------------------------

create table agencies (
  id serial primary key,
  external_id text unique,
  name text not null,
  type text not null check (type in ('government', 'state_enterprise', 'local_administration', 'private', 'other')),
  province_code text references provinces (code),
  district_id int references districts (id),
  contact_name text,
  phone text,
  is_demo boolean not null default false,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index agencies_name_province_uq on agencies (province_code, name);

create table police_stations (
  id serial primary key,
  external_id text unique,
  name_th text not null,
  name_en text,
  phone text,
  province_code text references provinces (code),
  district_id int references districts (id),
  geom geometry(Point, 4326) not null,
  jurisdiction geometry(MultiPolygon, 4326),
  is_demo boolean not null default false,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index police_stations_geom_idx on police_stations using gist (geom);
create index police_stations_jurisdiction_idx on police_stations using gist (jurisdiction);

-- Part 1: existing cameras -----------------------------------------------------------------------

create table cameras (
  id bigserial primary key,
  external_id text unique,
  -- 1. location and ownership
  place_name text not null,
  agency_id int references agencies (id) on delete restrict,
  contact_name text,
  phone text,
  address text,
  year_installed int check (year_installed between 1950 and 2200), -- CE; importers convert BE
  police_station_id int references police_stations (id) on delete set null,
  project text,
  geom geometry(Point, 4326) not null,
  -- 2. camera properties
  recorder_model text,
  camera_brand text,
  system text check (system in ('analog', 'ip', 'other')),
  kind text not null default 'fixed' check (kind in ('fixed', 'dome', 'ptz')),
  connection text check (connection in ('wired', 'wireless', 'mobile', 'none')),
  stream_url text,
  area_type text,
  other_details text,
  -- 3. purpose (a set)
  purposes text[] not null default '{}'
    check (purposes <@ array['deterrence', 'investigation', 'traffic']::text[]),
  -- 4. network linkage
  linkage text check (linkage in ('linked', 'not_linked')),
  control_centre text,
  network_type text,
  network_provider text,
  linked_agencies text,
  linked_network text,
  link_requirements text,
  link_budget_baht numeric(14, 2) check (link_budget_baht >= 0),
  link_responsible_agency text,
  -- 5. recording and retrieval
  retention_days int check (retention_days between 0 and 3650),
  storage_process text,
  disclosure_rules text,
  footage_service_frequency text,
  footage_request_procedure text,
  recorded_resolution text,
  max_resolution text,
  fps int check (fps between 0 and 240),
  file_format text,
  -- 6. status, repair and budget
  status text not null check (status in ('working', 'not_working', 'under_repair', 'beyond_repair')),
  repair_budget_baht numeric(14, 2) check (repair_budget_baht >= 0),
  repair_agency text,
  budget_source text,
  -- view geometry inputs
  direction_deg double precision check (direction_deg >= 0 and direction_deg < 360),
  fov_deg double precision check (fov_deg > 0 and fov_deg <= 360),
  range_m double precision check (range_m > 0 and range_m <= 2000),
  -- derived areas (filled from geom by trigger when not given)
  province_code text references provinces (code),
  district_id int references districts (id),
  subdistrict_id int references subdistricts (id),
  is_demo boolean not null default false,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index cameras_geom_idx on cameras using gist (geom);
create index cameras_province_idx on cameras (province_code, status);
create index cameras_district_idx on cameras (district_id);
create index cameras_police_idx on cameras (police_station_id);
create index cameras_agency_idx on cameras (agency_id);

-- Photos are stored as bytea beside the row (max 5 MiB each): one transaction covers camera and
-- photo, backups contain them, and both engines behave the same. See docs/decisions.md.
create table camera_photos (
  id bigserial primary key,
  camera_id bigint not null references cameras (id) on delete cascade,
  filename text not null,
  content_type text not null check (content_type in ('image/jpeg', 'image/png', 'image/webp')),
  size_bytes int not null check (size_bytes > 0 and size_bytes <= 5242880),
  sha256 text not null,
  caption text,
  data bytea not null check (octet_length(data) <= 5242880),
  created_at timestamptz not null default now()
);
create index camera_photos_camera_idx on camera_photos (camera_id);

-- Part 2: planned installation sites ------------------------------------------------------------

create table planned_sites (
  id bigserial primary key,
  external_id text unique,
  place_name text not null,
  address text,
  geom geometry(Point, 4326) not null,
  status text not null default 'not_started'
    check (status in ('not_started', 'budget_requested', 'approved', 'installed', 'rejected')),
  reason text,
  camera_count int not null default 1 check (camera_count between 1 and 1000),
  system text check (system in ('analog', 'ip', 'other')),
  kind text not null default 'fixed' check (kind in ('fixed', 'dome', 'ptz')),
  direction_deg double precision check (direction_deg >= 0 and direction_deg < 360),
  fov_deg double precision check (fov_deg > 0 and fov_deg <= 360),
  range_m double precision check (range_m > 0 and range_m <= 2000),
  cost_baht numeric(14, 2) check (cost_baht >= 0),
  budget_source text,
  priority int check (priority >= 1),
  agency_id int references agencies (id) on delete set null,
  police_station_id int references police_stations (id) on delete set null,
  notes text,
  province_code text references provinces (code),
  district_id int references districts (id),
  subdistrict_id int references subdistricts (id),
  is_demo boolean not null default false,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index planned_sites_geom_idx on planned_sites using gist (geom);
create index planned_sites_province_idx on planned_sites (province_code, status);

-- Risk points and routes (what the police know) -----------------------------------------------

create table risk_points (
  id bigserial primary key,
  external_id text unique,
  name text not null,
  category text not null
    check (category in ('robbery', 'escape_route', 'accident_black_spot', 'crime_hotspot', 'tourist_site', 'other')),
  weight double precision not null default 1 check (weight > 0),
  radius_m double precision check (radius_m > 0 and radius_m <= 5000), -- null: default by category
  police_station_id int references police_stations (id) on delete set null,
  notes text,
  geom geometry(Point, 4326) not null,
  province_code text references provinces (code),
  district_id int references districts (id),
  subdistrict_id int references subdistricts (id),
  is_demo boolean not null default false,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index risk_points_geom_idx on risk_points using gist (geom);
create index risk_points_province_idx on risk_points (province_code);

create table risk_routes (
  id bigserial primary key,
  external_id text unique,
  name text not null,
  category text not null
    check (category in ('robbery', 'escape_route', 'accident_black_spot', 'crime_hotspot', 'tourist_site', 'other')),
  weight double precision not null default 1 check (weight > 0),
  police_station_id int references police_stations (id) on delete set null,
  notes text,
  geom geometry(LineString, 4326) not null,
  province_code text references provinces (code),
  district_id int references districts (id),
  subdistrict_id int references subdistricts (id),
  is_demo boolean not null default false,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index risk_routes_geom_idx on risk_routes using gist (geom);
create index risk_routes_province_idx on risk_routes (province_code);

-- Footage requests --------------------------------------------------------------------------------

create table footage_requests (
  id bigserial primary key,
  external_id text unique,
  camera_id bigint references cameras (id) on delete set null,
  requested_at timestamptz not null,
  incident_at timestamptz,
  requester_unit text not null,
  case_ref text,
  result text not null default 'pending'
    check (result in ('pending', 'provided', 'no_footage', 'camera_broken', 'refused')),
  answered_at timestamptz check (answered_at is null or answered_at >= requested_at),
  notes text,
  province_code text references provinces (code),
  police_station_id int references police_stations (id) on delete set null,
  is_demo boolean not null default false,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index footage_requests_camera_idx on footage_requests (camera_id);
create index footage_requests_province_idx on footage_requests (province_code);

-- Part 3: problems and suggestions ----------------------------------------------------------------

create table problems (
  id bigserial primary key,
  province_code text not null references provinces (code),
  agency_id int references agencies (id) on delete set null,
  category text not null
    check (category in ('linking', 'usage', 'storage', 'footage_provision', 'maintenance', 'other')),
  description text not null,
  suggestion text,
  reported_on date not null default current_date,
  is_demo boolean not null default false,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index problems_province_idx on problems (province_code);

-- DLA maintenance survey of LAO cameras (one row per province / district / LAO / budget source) ----

create table lao_maintenance_rows (
  id bigserial primary key,
  survey_year int not null check (survey_year between 2000 and 2200),
  province_code text not null references provinces (code),
  district_name text not null,
  district_id int references districts (id),
  lao_name text not null,
  budget_source text not null,
  total int not null check (total >= 0),
  working int not null check (working >= 0),
  under_repair int not null check (under_repair >= 0),
  beyond_repair int not null check (beyond_repair >= 0),
  remark text,
  is_demo boolean not null default false,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint lao_total_is_sum check (total = working + under_repair + beyond_repair),
  unique (survey_year, province_code, district_name, lao_name, budget_source)
);

-- Area derivation -----------------------------------------------------------------------------------
-- Every camera, site, risk point and route knows its province, district, subdistrict and police
-- station. On insert the missing ones are derived from the geometry; on update, when the geometry
-- moves, those the statement did not set explicitly are derived again.

create function atlas_anchor_point(g geometry) returns geometry
language sql immutable parallel safe as $$
  select case when geometrytype(g) in ('LINESTRING') then ST_LineInterpolatePoint(g, 0.5)
              when geometrytype(g) = 'POINT' then g
              else ST_PointOnSurface(g) end
$$;

create function atlas_area_at(lvl text, p geometry) returns text
language sql stable parallel safe as $$
  select area_key from area_parts where level = lvl and ST_Intersects(geom, p) limit 1
$$;

create function atlas_station_at(p geometry) returns int
language sql stable parallel safe as $$
  select id from police_stations
   where jurisdiction is not null and ST_Intersects(jurisdiction, p)
   order by id limit 1
$$;

create function atlas_assign_areas() returns trigger
language plpgsql as $$
declare
  p geometry;
  prov text;
  dist text;
  sub text;
begin
  if tg_op = 'UPDATE' and ST_Equals(new.geom, old.geom) then
    return new;
  end if;
  p := atlas_anchor_point(new.geom);
  -- One index probe finds all three levels.
  select max(area_key) filter (where level = 'province'),
         max(area_key) filter (where level = 'district'),
         max(area_key) filter (where level = 'subdistrict')
    into prov, dist, sub
    from area_parts where ST_Intersects(geom, p);
  if new.province_code is null or (tg_op = 'UPDATE' and new.province_code is not distinct from old.province_code) then
    new.province_code := prov;
  end if;
  if new.district_id is null or (tg_op = 'UPDATE' and new.district_id is not distinct from old.district_id) then
    new.district_id := dist::int;
  end if;
  if new.subdistrict_id is null or (tg_op = 'UPDATE' and new.subdistrict_id is not distinct from old.subdistrict_id) then
    new.subdistrict_id := sub::int;
  end if;
  if new.police_station_id is null or (tg_op = 'UPDATE' and new.police_station_id is not distinct from old.police_station_id) then
    new.police_station_id := atlas_station_at(p);
  end if;
  return new;
end
$$;

create trigger cameras_areas before insert or update on cameras
  for each row execute function atlas_assign_areas();
create trigger planned_sites_areas before insert or update on planned_sites
  for each row execute function atlas_assign_areas();
create trigger risk_points_areas before insert or update on risk_points
  for each row execute function atlas_assign_areas();
create trigger risk_routes_areas before insert or update on risk_routes
  for each row execute function atlas_assign_areas();

create function atlas_assign_station_areas() returns trigger
language plpgsql as $$
begin
  if tg_op = 'INSERT' or not ST_Equals(new.geom, old.geom) then
    if new.province_code is null or (tg_op = 'UPDATE' and new.province_code is not distinct from old.province_code) then
      new.province_code := atlas_area_at('province', new.geom);
    end if;
    if new.district_id is null or (tg_op = 'UPDATE' and new.district_id is not distinct from old.district_id) then
      new.district_id := atlas_area_at('district', new.geom)::int;
    end if;
  end if;
  return new;
end
$$;
create trigger police_stations_areas before insert or update on police_stations
  for each row execute function atlas_assign_station_areas();

-- A footage request belongs to its camera's province and station unless told otherwise.
create function atlas_assign_request_areas() returns trigger
language plpgsql as $$
begin
  if new.camera_id is not null and (new.province_code is null or new.police_station_id is null) then
    select coalesce(new.province_code, c.province_code), coalesce(new.police_station_id, c.police_station_id)
      into new.province_code, new.police_station_id
      from cameras c where c.id = new.camera_id;
  end if;
  return new;
end
$$;
create trigger footage_requests_areas before insert or update on footage_requests
  for each row execute function atlas_assign_request_areas();
