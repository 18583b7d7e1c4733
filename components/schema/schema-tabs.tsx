import Link from 'next/link';
import { cn } from '@/lib/ui/cn';

const TABS = [
  { href: '/schema', label: 'Tables', key: 'tables' },
  { href: '/schema/advisor', label: 'Advisor', key: 'advisor' },
  { href: '/schema/drift', label: 'Drift', key: 'drift' },
] as const;

export function SchemaTabs({ active }: { active: (typeof TABS)[number]['key'] }) {
  return (
    <nav className="mb-5 flex gap-1 border-b border-zinc-200" data-test="schema-tabs">
      {TABS.map((tab) => (
        <Link
          key={tab.key}
          href={tab.href}
          className={cn(
            '-mb-px border-b-2 px-3 py-2 text-sm font-medium',
            tab.key === active ? 'border-brand-600 text-zinc-900' : 'border-transparent text-zinc-500 hover:text-zinc-800',
          )}
          aria-current={tab.key === active ? 'page' : undefined}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
