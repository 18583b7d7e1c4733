import { AtSign, Fingerprint, Phone, UserRound } from 'lucide-react';
import type { ReactNode } from 'react';

const TIPS: { icon: ReactNode; title: string; body: (regionName: string) => ReactNode }[] = [
  {
    icon: <AtSign className="size-4" />,
    title: 'Email',
    body: () => (
      <>
        The start is enough: <code className="text-zinc-700">ada.lov</code> finds ada.lovelace@example.com.
      </>
    ),
  },
  {
    icon: <UserRound className="size-4" />,
    title: 'Name',
    body: () => (
      <>
        Any part of the name, words in any order: <code className="text-zinc-700">lovelace ada</code>.
      </>
    ),
  },
  {
    icon: <Phone className="size-4" />,
    title: 'Phone number',
    body: (regionName) => (
      <>
        Any format: <code className="text-zinc-700">+44 20 7946 0025</code>, <code className="text-zinc-700">(415) 555-0132</code>, the whole number with its
        area code (part of a number finds nobody). Numbers without + are read as {regionName} numbers unless you pick another country.
      </>
    ),
  },
  { icon: <Fingerprint className="size-4" />, title: 'User id', body: () => <>The full id, or its first eight characters from a log line.</> },
];

/** What the search understands; shown under the box so nobody has to guess. */
export function SearchTips({ regionName }: { regionName: string }) {
  return (
    <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4" data-test="support-tips">
      {TIPS.map((tip) => (
        <li key={tip.title} className="rounded-lg border border-zinc-200 bg-white px-4 py-3">
          <p className="flex items-center gap-2 text-sm font-medium text-zinc-800">
            <span className="text-brand-600">{tip.icon}</span>
            {tip.title}
          </p>
          <p className="mt-1 text-xs leading-relaxed text-zinc-500">{tip.body(regionName)}</p>
        </li>
      ))}
    </ul>
  );
}
