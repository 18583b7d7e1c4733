export default function SupportLoading() {
  return (
    <div aria-busy="true" aria-live="polite" className="animate-pulse space-y-4">
      <div className="h-7 w-40 rounded bg-zinc-200" />
      <div className="h-4 w-[32rem] max-w-full rounded bg-zinc-200" />
      <div className="h-24 rounded-lg bg-zinc-100" />
      <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
        {[0, 1, 2, 3].map((key) => (
          <div key={key} className="h-20 rounded-lg bg-zinc-100" />
        ))}
      </div>
    </div>
  );
}
