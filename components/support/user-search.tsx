'use client';

import { Loader2, Phone, Search } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import type { FormAction } from '@/lib/auth/action';
import type { QueryReading, SearchBudget, SupportSearchHit, SupportSearchResult } from '@/lib/support/types';
import { cn } from '@/lib/ui/cn';

export type RegionChoice = { code: string; label: string };

type Props = { searchAction: FormAction<SupportSearchResult>; regions: RegionChoice[]; defaultRegion: string; initialBudget: SearchBudget | null };

type Results = { query: string; region: string; hits: SupportSearchHit[]; reading: QueryReading };

const MIN_LENGTH = 2;
// Kept for this tab only, so the back button from a person returns to the same results without
// searching again (a search is an audited look-up that spends the agent's hourly budget).
const STORAGE_KEY = 'console.support.search';

const MATCH_LABEL: Record<SupportSearchHit['matchedOn'], string> = { id: 'user id', phone: 'phone', email: 'email', name: 'name' };

const normalize = (value: string) => value.replace(/\s+/g, ' ').trim();

/**
 * Search on Enter (or the Search button), not as the agent types: every search is recorded in the
 * audit log as a look-up and counts against an hourly budget, so only the query the agent means is
 * sent. A combobox: arrow keys move through the results, Enter opens the highlighted person once
 * the results are those of the text in the box, Escape clears.
 */
export function UserSearch({ searchAction, regions, defaultRegion, initialBudget }: Props) {
  const router = useRouter();
  const listId = useId();
  const [query, setQuery] = useState('');
  const [region, setRegion] = useState(defaultRegion);
  const [results, setResults] = useState<Results | null>(null);
  const [budget, setBudget] = useState<SearchBudget | null>(initialBudget);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(-1);
  const latest = useRef(0);

  useEffect(() => {
    // Restored after hydration on purpose: sessionStorage exists only in the browser, so the
    // server's render cannot hold it, and reading it during render would not match that render.
    /* eslint-disable react-hooks/set-state-in-effect -- see above */
    try {
      const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as { query?: unknown; region?: unknown; results?: Results | null } | null;
      if (saved && typeof saved.region === 'string' && regions.some((option) => option.code === saved.region)) setRegion(saved.region);
      if (saved && typeof saved.query === 'string') setQuery(saved.query);
      if (saved?.results && Array.isArray(saved.results.hits)) {
        setResults(saved.results);
        setActive(saved.results.hits.length ? 0 : -1);
      }
    } catch {
      // A damaged entry only means starting from an empty box.
    }
    /* eslint-enable react-hooks/set-state-in-effect */
  }, [regions]);

  function remember(value: { query: string; region: string; results: Results | null }) {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(value));
  }

  function change(next: { query?: string; region?: string }) {
    const value = { query: next.query ?? query, region: next.region ?? region };
    setQuery(value.query);
    setRegion(value.region);
    if (normalize(value.query).length === 0) {
      setResults(null);
      setError(null);
      setActive(-1);
    }
    remember({ ...value, results: normalize(value.query).length === 0 ? null : results });
  }

  async function search() {
    const trimmed = normalize(query);
    if (trimmed.length < MIN_LENGTH) {
      setError(`Type at least ${MIN_LENGTH} characters.`);
      return;
    }
    const ticket = ++latest.current;
    setLoading(true);
    const form = new FormData();
    form.set('q', trimmed);
    form.set('region', region);
    let message: string | null = null;
    try {
      const result = await searchAction(null, form);
      if (ticket !== latest.current) return;
      if (result.ok && result.data) {
        const next: Results = { query: result.data.query, region, hits: result.data.hits, reading: result.data.reading };
        setResults(next);
        setActive(next.hits.length ? 0 : -1);
        if (result.data.budget) setBudget(result.data.budget);
        remember({ query, region, results: next });
      } else {
        message = result.ok ? 'The search returned nothing.' : result.error;
      }
    } catch {
      if (ticket !== latest.current) return;
      message = 'The search could not reach the console. Check your connection and try again.';
    }
    setError(message);
    setLoading(false);
  }

  const hits = results?.hits ?? [];
  // Results belong to the box only while its text and country are the ones searched.
  const current = results !== null && results.query === normalize(query) && results.region === region;

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
      if (loading) return;
      if (current && hits.length) open(hits[active] ?? hits[0]);
      else void search();
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
          {loading ? (
            <Loader2 aria-hidden className="absolute top-1/2 right-3 size-4 -translate-y-1/2 animate-spin text-zinc-400" data-test="support-search-pending" />
          ) : null}
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
            {regions.map((option) => (
              <option key={option.code} value={option.code}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <Button
          type="button"
          variant="brand"
          className="h-11"
          onClick={() => void search()}
          disabled={loading || normalize(query).length < MIN_LENGTH}
          data-test="support-search-submit"
        >
          Search
        </Button>
      </div>
      <p className="text-xs text-zinc-500" data-test="support-search-budget">
        Press Enter to search. Each search is recorded in the audit log
        {budget ? (
          <>
            ;{' '}
            <span className="font-medium text-zinc-700">
              {budget.left} of {budget.perHour}
            </span>{' '}
            searches left this hour
          </>
        ) : null}
        .
      </p>

      {results && current && !error ? <ReadingLine reading={results.reading} /> : null}

      <ul
        id={listId}
        role="listbox"
        aria-label="People found"
        className={cn('divide-y divide-zinc-100 overflow-hidden rounded-lg border border-zinc-200 bg-white', hits.length === 0 && 'hidden')}
        data-test="support-results"
      >
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
              <Badge tone={hit.matchedOn === 'phone' ? 'info' : 'neutral'} className="w-20 shrink-0 justify-center">
                {MATCH_LABEL[hit.matchedOn]}
              </Badge>
            </Link>
          </li>
        ))}
      </ul>

      {results && current && results.hits.length === 0 && !loading && !error && results.reading.kind !== 'limit_reached' ? (
        <div className="rounded-lg border border-dashed border-zinc-300 bg-white px-4 py-8 text-center text-sm text-zinc-500" data-test="support-no-results">
          <p className="font-medium text-zinc-700">Nobody matches “{results.query}”.</p>
          <p className="mt-1">Check the spelling, try the start of the email, the whole phone number with its area code, or the full user id.</p>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" data-test="support-search-error">
          {error}
        </p>
      ) : null}
      {hits.length > 0 && current ? <p className="text-xs text-zinc-400">↑ ↓ to choose, Enter to open, Esc to clear.</p> : null}
    </div>
  );
}

function ReadingLine({ reading }: { reading: QueryReading }) {
  if (reading.kind === 'email_start_only') {
    return (
      <p className="text-xs text-zinc-500" data-test="support-reading">
        Showing emails that start with these letters; names are searched from three letters on.
      </p>
    );
  }
  if (reading.kind === 'phone') {
    return (
      <p className="text-xs text-zinc-500" data-test="support-reading">
        Phone number <span className="font-mono text-zinc-700">{reading.international}</span>
        {reading.regionName ? ` (${reading.regionName})` : ''}
        {reading.valid ? '' : ' — not a number in use there, searching anyway'} · only this whole number matches.
      </p>
    );
  }
  if (reading.kind === 'phone_digits') {
    return (
      <p className="text-xs text-amber-700" data-test="support-reading">
        {reading.problem} Phone numbers are found only by the whole number, with its area code; part of a number finds nobody.
      </p>
    );
  }
  if (reading.kind === 'limit_reached') {
    return (
      <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-test="support-search-limit">
        {reading.message}
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
