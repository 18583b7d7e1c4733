import { ArrowLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { PageHeader } from '@/components/shell/page-header';
import { CopyButton } from '@/components/support/copy-button';
import { PhoneHistory } from '@/components/support/phone-history';
import { PhoneNumberRow } from '@/components/support/phone-number-row';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { requireRole } from '@/lib/auth/require-role';
import { formatUtc, formatUtcDate } from '@/lib/support/format';
import { loadSupportUser } from '@/lib/support/profile';
import { revealNumber } from '../../actions';

// The person's name stays out of the tab title and the browser history.
export const metadata: Metadata = { title: 'Person · Support' };

const userIdSchema = z.uuid();

export default async function SupportUserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireRole('support', `/support/users/${encodeURIComponent(id)}`);
  if (!userIdSchema.safeParse(id).success) notFound();
  const view = await loadSupportUser(id);
  if (!view) notFound();
  const { profile, numbers, history, quota } = view;
  const revealsLeft = Math.max(quota.perHour - quota.used, 0);
  const numberLabels = new Map(numbers.map((number) => [number.id, number.label]));

  return (
    <>
      <Link href="/support" className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-900" data-test="back-to-search">
        <ArrowLeft aria-hidden className="size-4" /> Search
      </Link>
      <PageHeader outage={viewer.outage} title={profile.fullName ?? profile.email ?? 'No name on file'} description={profile.fullName ? profile.email : null} />

      <div className="grid items-start gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card data-test="phone-numbers">
            <CardHeader>
              <CardTitle>Phone numbers</CardTitle>
              <CardDescription>
                Masked to the country code and the last two digits. Revealing one needs a reason and is recorded in the audit log.
              </CardDescription>
            </CardHeader>
            {numbers.length ? (
              <ul className="divide-y divide-zinc-100">
                {numbers.map((number) => (
                  <PhoneNumberRow
                    reveal={revealNumber}
                    key={number.id}
                    phoneNumberId={number.id}
                    masked={number.masked}
                    label={number.label}
                    isPrimary={number.isPrimary}
                    verified={number.verifiedAt ? formatUtcDate(number.verifiedAt) : null}
                    added={formatUtcDate(number.createdAt)}
                    revealsLeft={revealsLeft}
                    revealsPerHour={quota.perHour}
                  />
                ))}
              </ul>
            ) : (
              <CardContent className="py-8 text-center text-sm text-zinc-500" data-test="phone-numbers-empty">
                No phone number on file. Changes to numbers show up in the history below.
              </CardContent>
            )}
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>Phone number history</CardTitle>
              <CardDescription>
                Every change to this person’s numbers, newest first: what changed, who changed it and which module it came through.
              </CardDescription>
            </CardHeader>
            <PhoneHistory entries={history} numberLabels={numberLabels} />
          </Card>
        </div>

        <div className="space-y-6">
          <Card data-test="profile">
            <CardHeader>
              <CardTitle>Profile</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="space-y-3 text-sm">
                <div>
                  <dt className="text-xs text-zinc-500">Email</dt>
                  <dd className="break-all">{profile.email ?? '—'}</dd>
                </div>
                <div>
                  <dt className="text-xs text-zinc-500">User id</dt>
                  <dd className="flex items-center gap-2">
                    <code className="min-w-0 flex-1 truncate text-xs" data-test="profile-user-id">
                      {profile.userId}
                    </code>
                    <CopyButton value={profile.userId} label="Copy" />
                  </dd>
                </div>
                <div className="grid grid-cols-2 gap-3">
                  <div>
                    <dt className="text-xs text-zinc-500">Customer since</dt>
                    <dd>{formatUtcDate(profile.createdAt)}</dd>
                  </div>
                  <div>
                    <dt className="text-xs text-zinc-500">Profile updated</dt>
                    <dd>{formatUtcDate(profile.updatedAt)}</dd>
                  </div>
                </div>
                <div>
                  <dt className="text-xs text-zinc-500">Last sign-in</dt>
                  <dd>{profile.lastSignInAt ? formatUtc(profile.lastSignInAt) : 'Never signed in'}</dd>
                </div>
              </dl>
            </CardContent>
          </Card>

          <Card data-test="reveal-quota">
            <CardHeader>
              <CardTitle>Your reveals this hour</CardTitle>
            </CardHeader>
            <CardContent className="space-y-2 text-sm">
              <p>
                <span className="text-2xl font-semibold tabular-nums">{quota.used}</span> <span className="text-zinc-500">of {quota.perHour} used</span>
              </p>
              <div className="h-1.5 overflow-hidden rounded-full bg-zinc-100" aria-hidden>
                <div
                  className={revealsLeft === 0 ? 'h-full bg-red-500' : 'h-full bg-brand-500'}
                  style={{ width: `${quota.perHour ? Math.min(100, (quota.used / quota.perHour) * 100) : 100}%` }}
                />
              </div>
              <p className="text-xs text-zinc-500">
                {revealsLeft === 0 && quota.resetsAt
                  ? `Limit reached. The next reveal is possible at ${formatUtc(quota.resetsAt).split(', ')[1]}.`
                  : 'Each agent may reveal a limited number of full numbers per hour; admins see every reveal and its reason.'}
              </p>
            </CardContent>
          </Card>
        </div>
      </div>
    </>
  );
}
