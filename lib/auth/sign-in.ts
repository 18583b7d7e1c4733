/** Plain words for what Supabase Auth answered to a sign-in. */
export function signInErrorMessage(error: { code?: string; status?: number; name?: string; message?: string } | null): string {
  switch (error?.code) {
    case 'invalid_credentials':
      return 'That email and password do not match an account. Check both and try again.';
    case 'email_not_confirmed':
      return 'This account has not confirmed its email address yet.';
    case 'user_banned':
      return 'This account is blocked. Ask a console admin.';
    case 'over_request_rate_limit':
    case 'over_email_send_rate_limit':
      return 'Too many attempts. Wait a minute and try again.';
    default:
      break;
  }
  if (error?.name === 'AuthRetryableFetchError' || (error?.status ?? 0) >= 500 || error?.status === 0) {
    return 'The sign-in service cannot be reached right now. Try again in a moment.';
  }
  return 'Sign-in failed. Try again; if it keeps failing, tell the console admins.';
}

/** Only same-site paths are followed after sign-in (no `//host` or `https://` open redirects). */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
