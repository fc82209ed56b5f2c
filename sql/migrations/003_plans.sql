-- 003: saved installation plans (issue 5; api/src/planning-db, docs/planning.md).
-- A plan is a snapshot: the ranking request, the solver's answer and every candidate with the
-- demand items it covers, as they were when the plan was ranked. Later edits to cameras, sites or
-- risk data do not change a saved plan; the committee re-ranks into a new plan for that.

create table plans (
  id bigserial primary key,
  name text not null check (length(name) between 1 and 200),
  status text not null default 'draft' check (status in ('draft', 'approved')),
  -- the area the ranking covered (the request's filters) and its province, when one
  province_code text references provinces (code),
  area jsonb not null default '{}'::jsonb,
  budget_baht numeric(16, 2) not null check (budget_baht >= 0),
  method text not null check (method in ('auto', 'greedy', 'exact')),
  time_limit_s double precision check (time_limit_s > 0),
  -- the other request options (forced candidates, piece length, request weight, kinds, since)
  options jsonb not null default '{}'::jsonb,
  -- the solver's figures, demand totals, coverage-vs-budget curve, skipped candidates
  result jsonb not null,
  -- the demand items some candidate covers: [{id, kind, ref, weight, coordinates, lengthM?, requests?}]
  demands jsonb not null default '[]'::jsonb,
  notes text,
  approved_at timestamptz,
  is_demo boolean not null default false,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'approved') = (approved_at is not null))
);
create index plans_province_idx on plans (province_code, status);

-- Every candidate of a plan, chosen or not. `solver_rank` is the solver's order (null: not chosen);
-- `priority` is the committee's order (null: not in the plan). They differ only through overrides,
-- each recorded in plan_overrides with its reason.
create table plan_items (
  plan_id bigint not null references plans (id) on delete cascade,
  candidate text not null, -- 'site:12' or 'repair:40'
  kind text not null check (kind in ('site', 'repair')),
  site_id bigint references planned_sites (id) on delete set null,
  camera_id bigint references cameras (id) on delete set null,
  name text,
  cost_baht numeric(16, 2) not null check (cost_baht >= 0),
  forced text check (forced in ('in', 'out')),
  solver_rank int check (solver_rank >= 1),
  priority int check (priority >= 1),
  -- the view the ranking used
  direction_deg double precision,
  fov_deg double precision,
  range_m double precision,
  -- demand ids it covers (whatever else is chosen)
  covers text[] not null default '{}',
  geom geometry(Point, 4326) not null,
  primary key (plan_id, candidate)
);
-- Not deferrable: a renumbering clears the priorities first, then writes the new ones.
create unique index plan_items_priority_idx on plan_items (plan_id, priority) where priority is not null;
create index plan_items_site_idx on plan_items (site_id);
create index plan_items_camera_idx on plan_items (camera_id);

-- The committee's manual priority changes, in order: move to a priority, add (a candidate the
-- solver left out) or remove (priority null), each with its reason.
create table plan_overrides (
  id bigserial primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  candidate text not null,
  from_priority int,
  to_priority int,
  reason text not null check (length(btrim(reason)) > 0),
  created_at timestamptz not null default now()
);
create index plan_overrides_plan_idx on plan_overrides (plan_id, id);
