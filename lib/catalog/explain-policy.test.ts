import { describe, expect, it } from 'vitest';
import type { CatalogPolicy } from './types';
import { explainPolicy } from './explain-policy';

const OWNER = '(( SELECT auth.uid() AS uid) = user_id)';

function explain(overrides: Partial<CatalogPolicy>): string {
  return explainPolicy({ command: 'select', permissive: true, roles: ['authenticated'], using: null, withCheck: null, ...overrides }).sentence;
}

describe('explainPolicy', () => {
  it('explains owner policies for each command', () => {
    expect(explain({ using: OWNER })).toBe('Signed-in people can read rows where they are the owner (user_id = their id).');
    expect(explain({ command: 'insert', withCheck: OWNER })).toBe('Signed-in people can add rows only as their owner (user_id = their id).');
    expect(explain({ command: 'update', using: OWNER, withCheck: OWNER })).toBe(
      'Signed-in people can change rows where they are the owner (user_id = their id), and the changed row must still meet that condition.',
    );
    expect(explain({ command: 'delete', using: '(auth.uid() = owner_id)' })).toBe(
      'Signed-in people can delete rows where they are the owner (owner_id = their id).',
    );
    expect(explain({ command: 'all', using: '(id = ( SELECT auth.uid() AS uid))' })).toBe(
      'Signed-in people can read, add, change and delete rows where they are the owner (id = their id).',
    );
  });

  it('names the roles in words', () => {
    expect(explain({ roles: ['public'], using: 'true' })).toBe('Everyone, signed in or not, can read any row.');
    expect(explain({ roles: ['anon'], using: '(is_published = true)' })).toBe('Visitors who are not signed in can read rows where is_published is true.');
    expect(explain({ roles: ['service_role'], command: 'all', using: 'true', withCheck: 'true' })).toBe(
      'The server (service role) can read, add, change and delete any row, and may change them in any way.',
    );
    expect(explain({ roles: ['support_agent'], using: 'true' })).toBe('Members of the database role "support_agent" can read any row.');
  });

  it('understands role checks, token claims, membership sub-queries and literals', () => {
    expect(explain({ using: "console.has_role('admin'::console.member_role)" })).toBe('Signed-in people can read any row when they hold the admin role.');
    expect(explain({ using: "((( SELECT auth.jwt() AS jwt) -> 'app_metadata'::text) ->> 'tier'::text) = 'pro'::text" })).toBe(
      'Signed-in people can read any row when their sign-in token\'s app_metadata.tier is "pro".',
    );
    expect(explain({ using: "((( SELECT auth.jwt() AS jwt) ->> 'email'::text) = email)" })).toBe(
      "Signed-in people can read rows where email matches their sign-in token's email.",
    );
    expect(explain({ using: '(team_id IN ( SELECT m.team_id FROM public.team_members m WHERE (m.user_id = ( SELECT auth.uid() AS uid))))' })).toBe(
      'Signed-in people can read rows whose team_id is listed in public.team_members.',
    );
    expect(explain({ using: '(EXISTS ( SELECT 1 FROM public.shares s WHERE ((s.note_id = notes.id) AND (s.user_id = ( SELECT auth.uid() AS uid)))))' })).toBe(
      'Signed-in people can read rows where a matching row exists in public.shares.',
    );
    expect(explain({ using: "((status = 'published'::text) AND (deleted_at IS NULL))" })).toBe(
      'Signed-in people can read rows where status is "published" and where deleted_at is empty.',
    );
    expect(explain({ using: `(${OWNER} OR is_public)` })).toBe(
      'Signed-in people can read rows where they are the owner (user_id = their id), or where is_public is true.',
    );
  });

  it('explains restrictive policies as limits on the others', () => {
    expect(explain({ permissive: false, using: "(( SELECT auth.role() AS role) = 'authenticated'::text)" })).toBe(
      'Restriction: whatever other policies allow, signed-in people can only read any row as long as they are signed in.',
    );
  });

  it('falls back to a careful sentence that quotes a condition it does not recognise', () => {
    const result = explainPolicy({ command: 'select', permissive: true, roles: ['authenticated'], using: '(length(body) < 280)', withCheck: null });
    expect(result).toEqual({ sentence: 'Signed-in people can read rows where this condition holds: length(body) < 280.', understood: false });
    expect(explain({ using: 'false' })).toBe('Signed-in people can read no row.');
  });
});
