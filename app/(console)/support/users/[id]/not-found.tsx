import Link from 'next/link';
import { Card, CardContent } from '@/components/ui/card';

export default function SupportUserNotFound() {
  return (
    <Card className="max-w-xl" data-test="support-user-not-found">
      <CardContent className="space-y-3 py-6">
        <h1 className="text-lg font-semibold">No person with this id</h1>
        <p className="text-sm text-zinc-600">The link may be cut short, or the account was deleted. Search by email, name or phone number instead.</p>
        <Link href="/support" className="text-sm font-medium text-brand-700 hover:underline">
          Back to the search
        </Link>
      </CardContent>
    </Card>
  );
}
