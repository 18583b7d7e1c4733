export default function AdvisorLoading() {
  return (
    <div aria-busy="true" aria-live="polite" className="animate-pulse space-y-4">
      <div className="h-7 w-40 rounded bg-zinc-200" />
      <div className="h-4 w-[32rem] max-w-full rounded bg-zinc-200" />
      {[0, 1, 2].map((key) => (
        <div key={key} className="h-28 rounded-lg bg-zinc-100" />
      ))}
      <p className="text-sm text-zinc-500">Checking the live project…</p>
    </div>
  );
}
