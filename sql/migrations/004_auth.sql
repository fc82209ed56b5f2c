-- 004: accounts, sessions, API tokens, login throttling and the audit log (issue 7; api/src/auth,
-- docs/security.md). Secrets are never stored: passwords as argon2id hashes, session ids and API
-- tokens as SHA-256 digests of random 256-bit values.

create table users (
  id bigserial primary key,
  username text not null check (username ~ '^[a-z0-9][a-z0-9._@-]{2,63}$'),
  display_name text check (length(display_name) <= 200),
  -- admin: national secretariat; secretariat: one province; recorder: one agency in one province;
  -- police: stations of one province, or the whole province; committee: one province, or national
  role text not null check (role in ('admin', 'secretariat', 'recorder', 'police', 'committee')),
  province_code text references provinces (code),
  -- no foreign key: agencies are domain data that imports and resets replace; the API checks the
  -- agency when the account is made, and a recorder whose agency is gone can change nothing
  agency_id bigint,
  police_station_ids bigint[] not null default '{}',
  password_hash text not null check (password_hash like '$argon2id$%'),
  -- a password set by someone else (bootstrap, reset) must be changed at the next login
  must_change_password boolean not null default true,
  disabled boolean not null default false,
  last_login_at timestamptz,
  password_changed_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (role in ('admin', 'committee') or province_code is not null),
  check (role <> 'admin' or province_code is null),
  check ((role = 'recorder') = (agency_id is not null)),
  check (role = 'police' or police_station_ids = '{}')
);
create unique index users_username_uq on users (username);

create table sessions (
  -- SHA-256 (hex) of the cookie's value
  id text primary key,
  user_id bigint not null references users (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ip text,
  user_agent text
);
create index sessions_user_idx on sessions (user_id);

create table api_tokens (
  id bigserial primary key,
  user_id bigint not null references users (id) on delete cascade,
  name text not null check (length(name) between 1 and 100),
  -- SHA-256 (hex) of the token; the first characters are kept to recognise it in a list
  token_hash text not null unique,
  prefix text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_user_idx on api_tokens (user_id);

-- Failed logins by client address and by user name (known or not), for the rate limit and the
-- temporary lockout (several API processes share them through the database).
create table login_failures (
  id bigserial primary key,
  ip text,
  username text,
  at timestamptz not null default now()
);
create index login_failures_ip_idx on login_failures (ip, at);
create index login_failures_username_idx on login_failures (username, at);

-- Every write: who, when, what, the record before and after (sensitive values replaced by a mark),
-- and the import it came from.
create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  user_id bigint references users (id) on delete set null,
  username text,
  action text not null,
  entity text not null,
  entity_id bigint,
  province_code text,
  before jsonb,
  after jsonb,
  import_id text,
  request_id text
);
create index audit_log_province_idx on audit_log (province_code, at);
create index audit_log_entity_idx on audit_log (entity, entity_id, at);
