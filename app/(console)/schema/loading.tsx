export default function SchemaLoading() {
  return (
    <div aria-busy="true" aria-live="polite" className="animate-pulse space-y-4" data-test="schema-loading">
      <div className="h-7 w-40 rounded bg-zinc-200" />
      <div className="h-4 w-[32rem] max-w-full rounded bg-zinc-200" />
      <div className="grid gap-3 sm:grid-cols-3">
        <div className="h-24 rounded-lg bg-zinc-100" />
        <div className="h-24 rounded-lg bg-zinc-100" />
        <div className="h-24 rounded-lg bg-zinc-100" />
      </div>
      <div className="h-72 rounded-lg bg-zinc-100" />
      <p className="text-sm text-zinc-500">Reading the catalog…</p>
    </div>
  );
}
