-- 006: the audit log's last gaps (issue 7; api/src/audit, docs/security.md). A record moved from one
-- province to another (a camera's position corrected into the next province, an account given
-- another province) belongs to both: province_code is where it is after the change, and
-- from_province_code where it was before — null unless the two differ. The log read for a
-- province holds the entries of either column, so the secretariat of the province a record left
-- still sees the change.
alter table audit_log add column from_province_code text;
create index audit_log_from_province_idx on audit_log (from_province_code, at) where from_province_code is not null;
