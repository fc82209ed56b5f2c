-- 007: every large table carries the province code (docs/scaling.md, "Citus: distributing by
-- province"). Four tables that grow with the data reached their province only through a parent:
-- camera_photos (camera_id -> cameras), certification_records (certification_id -> certifications),
-- plan_items and plan_overrides (plan_id -> plans). Each now has province_code, its parent's, so
-- that a distribution by province would put a row on its parent's shard.
--
-- The API sets the column in the statement that writes the row (api/src/routes/photos.ts,
-- api/src/certification/snapshot.ts, api/src/planning-db/plans.ts), and a camera moved into
-- another province takes its photos along in the same transaction (api/src/db/repository.ts).
-- No trigger does it: Citus routes an INSERT by the distribution column before triggers run.
--
-- Nullable where the parent's is: a camera outside every province has photos without one, and a
-- national plan (a ranking over several provinces) has items and overrides without one (a
-- national row; docs/scaling.md says what Citus would do with them). A certification always has
-- a province, so its records do too.
--
-- Keys stay as they are (docs/scaling.md lists what Citus would need changed).

alter table camera_photos add column province_code text references provinces (code);
update camera_photos p set province_code = c.province_code from cameras c where c.id = p.camera_id;
-- The certification snapshot reads one province's photos (api/src/certification/snapshot.ts).
create index camera_photos_province_idx on camera_photos (province_code, camera_id);

alter table certification_records add column province_code text references provinces (code);
update certification_records r set province_code = c.province_code from certifications c where c.id = r.certification_id;
alter table certification_records alter column province_code set not null;

alter table plan_items add column province_code text references provinces (code);
update plan_items i set province_code = p.province_code from plans p where p.id = i.plan_id;

alter table plan_overrides add column province_code text references provinces (code);
update plan_overrides o set province_code = p.province_code from plans p where p.id = o.plan_id;
