import { Badge } from '@/components/ui/badge';
import type { Finding } from '@/lib/migrations/types';

type FindingLike = Pick<Finding, 'code' | 'severity' | 'title' | 'nextStep' | 'acknowledge'>;

/** The finding a person should read first: blocking, then what needs an acknowledgement, then warnings. */
export function firstProblem<T extends FindingLike>(findings: readonly T[]): T | undefined {
  return (
    findings.find((finding) => finding.severity === 'blocking') ??
    findings.find((finding) => finding.acknowledge) ??
    findings.find((finding) => finding.severity === 'warning') ??
    findings[0]
  );
}

/**
 * What a version risks, at a glance (the /migrations risk column, the overview): blocked when a
 * finding blocks a push, then one badge per kind of risk that needs an acknowledgement or a look.
 * `heavyLocks` are the messages of its heavy locks on live tables, when the page judged them.
 */
export function RiskBadges({ findings, heavyLocks = [] }: { findings: readonly FindingLike[]; heavyLocks?: readonly string[] }) {
  const blocked = findings.some((finding) => finding.severity === 'blocking');
  const noTransaction = findings.some((finding) => finding.acknowledge === 'no_transaction');
  const destructive = findings.some((finding) => finding.acknowledge === 'destructive');
  const odd = findings.filter((finding) => finding.code === 'oddity');
  if (!blocked && !noTransaction && !destructive && odd.length === 0 && heavyLocks.length === 0) return null;
  return (
    <span className="inline-flex flex-wrap gap-1" data-test="risk-badges">
      {blocked ? (
        <Badge tone="bad" data-test="risk" data-risk="blocked" title={findings.find((finding) => finding.severity === 'blocking')?.title}>
          blocked
        </Badge>
      ) : null}
      {noTransaction ? (
        <Badge tone="warn" data-test="risk" data-risk="no_transaction">
          no transaction
        </Badge>
      ) : null}
      {destructive ? (
        <Badge tone="warn" data-test="risk" data-risk="destructive">
          destructive
        </Badge>
      ) : null}
      {heavyLocks.length ? (
        <Badge tone="warn" data-test="risk" data-risk="heavy_lock" title={heavyLocks.join('\n')}>
          heavy lock
        </Badge>
      ) : null}
      {odd.length ? (
        <Badge tone="neutral" data-test="risk" data-risk="oddity" title={odd.map((finding) => finding.title).join(', ')}>
          {odd.length === 1 ? odd[0]?.title.toLowerCase() : `${odd.length} oddities`}
        </Badge>
      ) : null}
    </span>
  );
}
