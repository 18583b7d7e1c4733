import Link from 'next/link';
import { PageHeader } from '@/components/shell/page-header';

export default function TableNotFound() {
  return (
    <>
      <PageHeader
        title="No such table"
        description="The project has no table of that name in its own schemas. It may have been dropped or renamed, or it lives in a schema Supabase manages (auth, storage…), which the console does not list."
      />
      <Link href="/schema" className="text-sm text-brand-700 hover:underline" data-test="back-to-schema">
        ← All tables
      </Link>
    </>
  );
}
