'use client';

import { Eye, EyeOff, ShieldAlert } from 'lucide-react';
import { useEffect, useId, useRef, useState, useTransition, type FormEvent } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { REVEAL_REASON_HINT, REVEAL_REASON_MAX, revealReasonProblem } from '@/lib/support/reveal-reason';
import type { FormAction } from '@/lib/auth/action';
import type { RevealedNumber } from '@/lib/support/types';
import { CopyButton } from './copy-button';

/** How long a revealed number stays on screen before it is masked again. */
const SHOW_SECONDS = 60;

type Props = {
  reveal: FormAction<RevealedNumber>;
  phoneNumberId: string;
  masked: string;
  label: string;
  isPrimary: boolean;
  verified: string | null;
  added: string;
  revealsLeft: number;
  revealsPerHour: number;
};

/**
 * One phone number, masked. "Reveal" asks for a reason in a dialog and calls the `support.reveal`
 * action; the full number lives only in this component's state: it is never in the page's HTML,
 * it is masked again after a minute, on "Hide", when the page is left or put in the back/forward
 * cache, and a second look means a second (audited) reveal.
 */
export function PhoneNumberRow({ reveal, phoneNumberId, masked, label, isPrimary, verified, added, revealsLeft, revealsPerHour }: Props) {
  const [asking, setAsking] = useState(false);
  const [revealed, setRevealed] = useState<RevealedNumber | null>(null);
  const [secondsLeft, setSecondsLeft] = useState(SHOW_SECONDS);

  useEffect(() => {
    if (!revealed) return;
    const started = Date.now();
    const tick = setInterval(() => {
      const left = SHOW_SECONDS - Math.floor((Date.now() - started) / 1000);
      if (left <= 0) setRevealed(null);
      else setSecondsLeft(left);
    }, 1000);
    const hide = () => setRevealed(null);
    window.addEventListener('pagehide', hide);
    return () => {
      clearInterval(tick);
      window.removeEventListener('pagehide', hide);
    };
  }, [revealed]);

  return (
    <li className="flex flex-wrap items-center gap-x-6 gap-y-2 px-5 py-4" data-test="phone-number" data-phone-number-id={phoneNumberId}>
      <div className="min-w-52">
        {revealed ? (
          <p className="font-mono text-base font-semibold tracking-wide text-zinc-900" data-test="revealed-number">
            {revealed.international}
          </p>
        ) : (
          <p className="font-mono text-base tracking-wide text-zinc-700" data-test="masked-number">
            {masked}
          </p>
        )}
        <p className="mt-0.5 text-xs text-zinc-500">
          {revealed
            ? `Hidden again in ${secondsLeft} s · ${revealed.revealsLeft} reveal${revealed.revealsLeft === 1 ? '' : 's'} left this hour`
            : `Added ${added}`}
        </p>
      </div>
      <div className="flex flex-1 flex-wrap items-center gap-1.5">
        <Badge>{label}</Badge>
        {isPrimary ? <Badge tone="info">primary</Badge> : null}
        {verified ? (
          <Badge tone="good" title={`Verified ${verified}`}>
            verified
          </Badge>
        ) : (
          <Badge tone="warn">not verified</Badge>
        )}
      </div>
      <div className="flex items-center gap-2">
        {revealed ? (
          <>
            <CopyButton value={revealed.e164} testId="copy-number" />
            <Button type="button" size="sm" variant="ghost" onClick={() => setRevealed(null)} data-test="hide-number">
              <EyeOff aria-hidden className="size-3.5" /> Hide
            </Button>
          </>
        ) : (
          <Button
            type="button"
            size="sm"
            variant="outline"
            onClick={() => setAsking(true)}
            disabled={revealsLeft <= 0}
            title={revealsLeft <= 0 ? `You have used all ${revealsPerHour} reveals of this hour` : undefined}
            data-test="reveal-number"
          >
            <Eye aria-hidden className="size-3.5" /> Reveal
          </Button>
        )}
      </div>

      {asking ? (
        <RevealDialog
          reveal={reveal}
          phoneNumberId={phoneNumberId}
          masked={masked}
          label={label}
          revealsLeft={revealsLeft}
          revealsPerHour={revealsPerHour}
          onRevealed={(number) => {
            setRevealed(number);
            // Each reveal shows the number for the full time again.
            setSecondsLeft(SHOW_SECONDS);
            setAsking(false);
          }}
          onClose={() => setAsking(false)}
        />
      ) : null}
    </li>
  );
}

type DialogProps = {
  reveal: FormAction<RevealedNumber>;
  phoneNumberId: string;
  masked: string;
  label: string;
  revealsLeft: number;
  revealsPerHour: number;
  onRevealed: (number: RevealedNumber) => void;
  onClose: () => void;
};

/** The reason dialog: a native modal (focus kept inside, Esc closes), mounted only while open. */
function RevealDialog({ reveal, phoneNumberId, masked, label, revealsLeft, revealsPerHour, onRevealed, onClose }: DialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const reasonId = useId();
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const problem = revealReasonProblem(reason);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setTouched(true);
    if (problem) return;
    const form = new FormData();
    form.set('phoneNumberId', phoneNumberId);
    form.set('reason', reason);
    startTransition(async () => {
      const result = await reveal(null, form);
      if (result.ok && result.data) onRevealed(result.data);
      else setRefusal(result.ok ? 'The number was not revealed.' : result.error);
    });
  }

  return (
    <dialog
      ref={dialogRef}
      onClose={onClose}
      aria-labelledby={`${reasonId}-title`}
      className="m-auto w-full max-w-lg rounded-lg border border-zinc-200 p-0 shadow-xl backdrop:bg-zinc-900/40"
      data-test="reveal-dialog"
    >
      <form onSubmit={submit} className="space-y-4 p-6">
        <div className="flex items-start gap-3">
          <div className="flex size-9 shrink-0 items-center justify-center rounded-full bg-amber-50 text-amber-700">
            <ShieldAlert aria-hidden className="size-5" />
          </div>
          <div>
            <h2 id={`${reasonId}-title`} className="text-base font-semibold">
              Reveal <span className="font-mono">{masked}</span> ({label})
            </h2>
            <p className="mt-1 text-sm text-zinc-600">
              The full number is shown to you once and masked again when you leave the page. Your name, your reason and the time are recorded in the audit log,
              which admins review.
            </p>
          </div>
        </div>
        <div className="space-y-1.5">
          <label htmlFor={reasonId} className="text-sm font-medium text-zinc-700">
            Reason
          </label>
          <textarea
            id={reasonId}
            autoFocus
            rows={3}
            maxLength={REVEAL_REASON_MAX + 100}
            value={reason}
            onChange={(event) => {
              setReason(event.target.value);
              setRefusal(null);
            }}
            onBlur={() => setTouched(true)}
            placeholder="Ticket id (e.g. SUP-1234) or why you need the full number"
            aria-invalid={touched && Boolean(problem)}
            aria-describedby={`${reasonId}-hint`}
            className="w-full rounded-md border border-zinc-300 px-3 py-2 text-sm shadow-xs placeholder:text-zinc-400 aria-invalid:border-red-500"
            data-test="reveal-reason"
          />
          <p id={`${reasonId}-hint`} className={touched && problem ? 'text-xs text-red-700' : 'text-xs text-zinc-500'} data-test="reveal-reason-hint">
            {touched && problem
              ? REVEAL_REASON_HINT[problem]
              : 'Do not paste numbers into the reason: any run of 7 or more digits is removed before it is stored.'}
          </p>
        </div>
        {refusal ? (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-test="reveal-refusal">
            {refusal}
          </p>
        ) : null}
        <div className="flex items-center justify-between gap-3 pt-1">
          <p className="text-xs text-zinc-500">
            {revealsLeft} of {revealsPerHour} reveals left this hour
          </p>
          <div className="flex gap-2">
            <Button type="button" variant="ghost" onClick={() => dialogRef.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" variant="brand" disabled={pending} data-test="reveal-confirm">
              {pending ? 'Revealing…' : 'Reveal number'}
            </Button>
          </div>
        </div>
      </form>
    </dialog>
  );
}
