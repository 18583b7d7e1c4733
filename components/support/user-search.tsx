'use client';

import { Loader2, Phone, Search } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { searchUsers } from '@/app/(console)/support/actions';
import { Badge } from '@/components/ui/badge';
import type { QueryReading, SupportSearchHit } from '@/lib/support/types';
import { cn } from '@/lib/ui/cn';

export type RegionChoice = { code: string; label: string };

type Props = { regions: RegionChoice[]; defaultRegion: string };

type Results = { query: string; hits: SupportSearchHit[]; reading: QueryReading };

const DEBOUNCE_MS = 180;
const MIN_LENGTH = 2;
// Kept for this tab only, so the back button from a person returns to the same results.
const STORAGE_KEY = 'console.support.search';

const MATCH_LABEL: Record<SupportSearchHit['matchedOn'], string> = { id: 'user id', phone: 'phone', email: 'email', name: 'name' };

/**
 * Search as you type. A combobox: arrow keys move through the results, Enter opens the highlighted
 * person (or the first), Escape clears. Each keystroke waits a moment, then calls the
 * `support.search` server action; answers to older queries are dropped.
 */
export function UserSearch({ regions, defaultRegion }: Props) {
  const router = useRouter();
  const listId = useId();
  const [query, setQuery] = useState('');
  const [region, setRegion] = useState(defaultRegion);
  const [results, setResults] = useState<Results | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(-1);
  const latest = useRef(0);

  useEffect(() => {
    try {
      const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as { query?: unknown; region?: unknown } | null;
      if (saved && typeof saved.region === 'string' && regions.some((option) => option.code === saved.region)) setRegion(saved.region);
      if (saved && typeof saved.query === 'string') setQuery(saved.query);
    } catch {
      // A damaged entry only means starting from an empty box.
    }
  }, [regions]);

  function change(next: { query?: string; region?: string }) {
    const value = { query: next.query ?? query, region: next.region ?? region };
    setQuery(value.query);
    setRegion(value.region);
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(value));
  }

  useEffect(() => {
    const trimmed = query.trim();
    const ticket = ++latest.current;
    if (trimmed.length < MIN_LENGTH) {
      setResults(null);
      setError(null);
      setLoading(false);
      setActive(-1);
      return;
    }
    setLoading(true);
    const timer = setTimeout(async () => {
      const form = new FormData();
      form.set('q', trimmed);
      form.set('region', region);
      let message: string | null = null;
      try {
        const result = await searchUsers(null, form);
        if (ticket !== latest.current) return;
        if (result.ok && result.data) {
          setResults({ query: result.data.query, hits: result.data.hits, reading: result.data.reading });
          setActive(result.data.hits.length ? 0 : -1);
        } else {
          message = result.ok ? 'The search returned nothing.' : result.error;
        }
      } catch {
        if (ticket !== latest.current) return;
        message = 'The search could not reach the console. Check your connection and try again.';
      }
      setError(message);
      setLoading(false);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, region]);

  const hits = results?.hits ?? [];

  function open(hit: SupportSearchHit | undefined) {
    if (hit) router.push(`/support/users/${hit.userId}`);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' && hits.length) {
      event.preventDefault();
      setActive((index) => (index + 1) % hits.length);
    } else if (event.key === 'ArrowUp' && hits.length) {
      event.preventDefault();
      setActive((index) => (index <= 0 ? hits.length - 1 : index - 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      // Only results of what is in the box now: Enter right after typing must not open a stale match.
      if (results?.query === query.replace(/\s+/g, ' ').trim()) open(hits[active] ?? hits[0]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      change({ query: '' });
    }
  }

  const optionId = (index: number) => `${listId}-option-${index}`;

  return (
    <div className="space-y-3" data-test="support-search">
      <div className="flex flex-wrap items-stretch gap-2">
        <div className="relative min-w-72 flex-1">
          <Search aria-hidden className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-zinc-400" />
          <input
            autoFocus
            type="search"
            role="combobox"
            aria-label="Search people"
            aria-autocomplete="list"
            aria-expanded={hits.length > 0}
            aria-controls={listId}
            aria-activedescendant={active >= 0 && hits[active] ? optionId(active) : undefined}
            autoComplete="off"
            spellCheck={false}
            value={query}
            onChange={(event) => change({ query: event.target.value })}
            onKeyDown={onKeyDown}
            placeholder="Email, name, user id or phone number"
            className="h-11 w-full rounded-md border border-zinc-300 bg-white pr-10 pl-9 text-base shadow-xs placeholder:text-zinc-400"
            data-test="support-search-input"
          />
          {loading ? <Loader2 aria-hidden className="absolute top-1/2 right-3 size-4 -translate-y-1/2 animate-spin text-zinc-400" data-test="support-search-pending" /> : null}
        </div>
        <label className="flex items-center gap-2 text-sm text-zinc-600">
          <Phone aria-hidden className="size-4 text-zinc-400" />
          <span className="sr-only">Country of numbers typed without +</span>
          <select
            value={region}
            onChange={(event) => change({ region: event.target.value })}
            className="h-11 max-w-60 rounded-md border border-zinc-300 bg-white px-2 text-sm shadow-xs"
            title="Numbers typed without + or 00 are read as numbers of this country"
            data-test="support-search-region"
          >
            {regions.map((option) => <option key={option.code} value={option.code}>{option.label}</option>)}
          </select>
        </label>
      </div>

      {results && !error ? <ReadingLine reading={results.reading} /> : null}

      <ul id={listId} role="listbox" aria-label="People found" className={cn('divide-y divide-zinc-100 overflow-hidden rounded-lg border border-zinc-200 bg-white', hits.length === 0 && 'hidden')} data-test="support-results">
        {hits.map((hit, index) => (
          <li
            key={hit.userId}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            onMouseEnter={() => setActive(index)}
            className={cn('relative', index === active && 'bg-brand-50')}
            data-test="support-result"
            data-user-id={hit.userId}
          >
            <Link href={`/support/users/${hit.userId}`} tabIndex={-1} className="flex items-center gap-4 px-4 py-3">
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium text-zinc-900">
                  <Highlight text={hit.fullName ?? hit.email ?? 'No name'} query={results?.query ?? ''} />
                </p>
                <p className="truncate text-xs text-zinc-500">
                  {hit.fullName && hit.email ? <Highlight text={hit.email} query={results?.query ?? ''} /> : null}
                  <span className="ml-2 font-mono text-zinc-400">{hit.userId.slice(0, 8)}</span>
                </p>
              </div>
              <div className="hidden shrink-0 text-right sm:block">
                <p className="font-mono text-xs text-zinc-600">{hit.matchedPhone ?? hit.primaryPhone ?? '—'}</p>
                <p className="text-xs text-zinc-400">{hit.phoneCount === 1 ? '1 number' : `${hit.phoneCount} numbers`}</p>
              </div>
              <Badge tone={hit.matchedOn === 'phone' ? 'info' : 'neutral'} className="w-20 shrink-0 justify-center">{MATCH_LABEL[hit.matchedOn]}</Badge>
            </Link>
          </li>
        ))}
      </ul>

      {results && results.hits.length === 0 && !loading && !error ? (
        <div className="rounded-lg border border-dashed border-zinc-300 bg-white px-4 py-8 text-center text-sm text-zinc-500" data-test="support-no-results">
          <p className="font-medium text-zinc-700">Nobody matches “{results.query}”.</p>
          <p className="mt-1">Check the spelling, try the start of the email, the last four digits of the number, or the full user id.</p>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" data-test="support-search-error">{error}</p>
      ) : null}
      {hits.length > 0 ? <p className="text-xs text-zinc-400">↑ ↓ to choose, Enter to open, Esc to clear.</p> : null}
    </div>
  );
}

function ReadingLine({ reading }: { reading: QueryReading }) {
  if (reading.kind === 'email_start_only') {
    return <p className="text-xs text-zinc-500" data-test="support-reading">Showing emails that start with these letters; names are searched from three letters on.</p>;
  }
  if (reading.kind === 'phone') {
    return (
      <p className="text-xs text-zinc-500" data-test="support-reading">
        Phone number <span className="font-mono text-zinc-700">{reading.international}</span>
        {reading.regionName ? ` (${reading.regionName})` : ''}
        {reading.valid ? '' : ' — not a number in use there, searching anyway'}
        {' '}· also matching numbers that end in the digits typed.
      </p>
    );
  }
  if (reading.kind === 'phone_digits') {
    return (
      <p className="text-xs text-amber-700" data-test="support-reading">
        {reading.problem} Showing numbers that end in the digits typed.
      </p>
    );
  }
  return null;
}

/** Bolds the first case-insensitive occurrence of the query in the text. */
function Highlight({ text, query }: { text: string; query: string }) {
  const at = query ? text.toLowerCase().indexOf(query.toLowerCase()) : -1;
  if (at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <mark className="rounded-sm bg-amber-100 px-0.5 text-inherit">{text.slice(at, at + query.length)}</mark>
      {text.slice(at + query.length)}
    </>
  );
}
