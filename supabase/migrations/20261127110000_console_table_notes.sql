-- module: console
-- Findings of the console's own advisor on the console's own tables, settled:
-- - member_roles.granted_by (a foreign key to auth.users) gets an index, so deleting a user does
--   not scan the table for the `on delete set null`;
-- - the tables with row level security and no policy are that way on purpose: the API roles may
--   not touch them at all, and every read and write goes through the console's SECURITY DEFINER
--   functions, which check roles themselves. The comments say so where a person reading /schema
--   (or the advisor's note) will see it.

create index if not exists member_roles_granted_by_idx on console.member_roles (granted_by);

comment on table console.member_roles is
  'Console roles per person. A member reads only their own rows (policy member_roles_select_own); changes go through console.set_member_roles(), admins only.';
comment on table console.audit_log is
  'Append-only audit log of the console. No policy on purpose: written by console functions and read through console.list_audit(), admins only; UPDATE, DELETE and TRUNCATE are refused by triggers.';
comment on table console.push_requests is
  'Push requests of the two-person rule. No policy on purpose: read and changed only through the console''s push functions, which check roles.';
comment on table console.push_request_files is
  'The files of each push request as they were approved (name, SHA-256, statements). No policy on purpose: push functions only.';
comment on table console.push_approvals is
  'Approvals and rejections of push requests. No policy on purpose: push functions only; nobody approves their own request.';
comment on table console.push_runs is
  'Runs of approved pushes. No policy on purpose: push functions and the console''s push engine only.';
comment on table console.push_steps is
  'Per-file progress of push runs. No policy on purpose: push functions and the console''s push engine only.';
comment on table console_private.support_settings is
  'Support workspace settings (the hourly reveal cap). Not exposed through the API; no policy on purpose.';
