import { signOut } from '@/app/actions';
import { Button } from '@/components/ui/button';

export function SignOutButton() {
  return (
    <form action={signOut}>
      <Button type="submit" variant="outline" size="sm" data-test="sign-out">
        Sign out
      </Button>
    </form>
  );
}
