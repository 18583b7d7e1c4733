export default function SupportUserLoading() {
  return (
    <div aria-busy="true" aria-live="polite" className="animate-pulse space-y-4">
      <div className="h-4 w-28 rounded bg-zinc-200" />
      <div className="h-7 w-56 rounded bg-zinc-200" />
      <div className="h-4 w-72 rounded bg-zinc-200" />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <div className="h-48 rounded-lg bg-zinc-100" />
          <div className="h-64 rounded-lg bg-zinc-100" />
        </div>
        <div className="space-y-6">
          <div className="h-48 rounded-lg bg-zinc-100" />
          <div className="h-28 rounded-lg bg-zinc-100" />
        </div>
      </div>
    </div>
  );
}
