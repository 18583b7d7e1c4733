import Link from 'next/link';
import { Card, CardContent } from '@/components/ui/card';

export default function MigrationNotFound() {
  return (
    <Card className="max-w-xl" data-test="migration-not-found">
      <CardContent className="space-y-3 py-6">
        <h1 className="text-lg font-semibold">No such migration</h1>
        <p className="text-sm text-zinc-600">Neither the migrations folder nor the remote history has this version. It may have been renamed or removed.</p>
        <Link href="/migrations" className="text-sm font-medium text-brand-700 hover:underline">
          All migrations
        </Link>
      </CardContent>
    </Card>
  );
}
