export default function DriftLoading() {
  return (
    <div aria-busy="true" aria-live="polite" className="space-y-4" data-test="drift-loading">
      <div className="h-7 w-32 animate-pulse rounded bg-zinc-200" />
      <div className="h-4 w-[32rem] max-w-full animate-pulse rounded bg-zinc-200" />
      <p className="text-sm text-zinc-600">
        Building the shadow database from the migrations and comparing it with the live project… this takes a few seconds.
      </p>
      <div className="h-48 animate-pulse rounded-lg bg-zinc-100" />
    </div>
  );
}
