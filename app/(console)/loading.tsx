export default function Loading() {
  return (
    <div aria-busy="true" aria-live="polite" className="animate-pulse space-y-4">
      <div className="h-7 w-48 rounded bg-zinc-200" />
      <div className="h-4 w-96 rounded bg-zinc-200" />
      <div className="h-48 rounded-lg bg-zinc-100" />
    </div>
  );
}
