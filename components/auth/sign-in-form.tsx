'use client';

import { useActionState } from 'react';
import type { SignInState } from '@/app/login/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input, Label } from '@/components/ui/input';

export function SignInForm({ next, signIn }: { next: string; signIn: (previous: SignInState, formData: FormData) => Promise<SignInState> }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signIn, { error: null, email: '' });
  return (
    <form action={action} className="space-y-4" data-test="sign-in-form">
      <input type="hidden" name="next" value={next} />
      <div className="space-y-1.5">
        <Label htmlFor="email">Email</Label>
        <Input id="email" name="email" type="email" autoComplete="username" required autoFocus defaultValue={state.email} data-test="email" />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="password">Password</Label>
        <Input id="password" name="password" type="password" autoComplete="current-password" required data-test="password" />
      </div>
      {state.error ? (
        <Alert tone="bad" data-test="sign-in-error">
          {state.error}
        </Alert>
      ) : null}
      <Button type="submit" variant="brand" className="w-full" disabled={pending} data-test="sign-in">
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
