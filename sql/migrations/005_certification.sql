-- 005: the committee workflow (issue 7; api/src/certification, docs/workflow.md). A province's
-- secretariat submits the province's data; its committee certifies it or returns it with a note.
-- A submission freezes the data as it stands (the survey's Parts 1-3: cameras, planned sites,
-- problems) and its counts; the certified one is what later edits are compared with.

-- The date the national secretariat wants each province certified by. A certification decided on or
-- after round_from (the start of this round) meets it; one from an earlier round does not.
create table certification_deadlines (
  province_code text primary key references provinces (code),
  due_on date not null,
  round_from date not null check (round_from <= due_on),
  set_by bigint references users (id) on delete set null,
  set_by_name text,
  set_at timestamptz not null default now()
);

-- One submission and what became of it. User names are copied so history outlives the accounts.
create table certifications (
  id bigserial primary key,
  province_code text not null references provinces (code),
  status text not null check (status in ('submitted', 'certified', 'returned')),
  submitted_by bigint references users (id) on delete set null,
  submitted_by_name text not null,
  submitted_at timestamptz not null default now(),
  submit_note text check (length(submit_note) <= 5000),
  decided_by bigint references users (id) on delete set null,
  decided_by_name text,
  decided_at timestamptz,
  decision_note text check (length(decision_note) <= 5000),
  -- the dashboard's figures for the province at submission, plus risk points and routes
  counts jsonb not null,
  -- records frozen per kind ({"cameras": 860, ...}); the rows are in certification_records
  records jsonb not null,
  -- edits made between the submission and the decision ({"added": n, "changed": n, "deleted": n})
  changes_at_decision jsonb,
  check ((status = 'submitted') = (decided_at is null)),
  check (status <> 'returned' or nullif(btrim(decision_note), '') is not null)
);
-- At most one open submission per province (two secretariat users submitting at once: one wins).
create unique index certifications_open_uq on certifications (province_code) where status = 'submitted';
create index certifications_province_idx on certifications (province_code, submitted_at desc);

-- The data as submitted: one row per record, its declared fields as JSON (the API's fields, the
-- geometry as GeoJSON) without the bookkeeping columns (id, version, timestamps) and without
-- personal data or secrets: of a camera's contact name, phone and stream URL only whether they were
-- filled (true/false) is kept. `digest` is the MD5 of the same values: comparing digests finds the
-- changed records without building JSON for all of them. A province of 20,000 cameras is 20,000
-- rows of ~2 kB; the rows of a returned submission are dropped (its counts stay), so only certified
-- and open submissions keep data.
create table certification_records (
  certification_id bigint not null references certifications (id) on delete cascade,
  entity text not null check (entity in ('cameras', 'planned_sites', 'problems')),
  record_id bigint not null,
  version int not null,
  digest text not null,
  data jsonb not null,
  primary key (certification_id, entity, record_id)
);
