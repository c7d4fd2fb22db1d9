import type { SignInNext } from '../../api/console-api';

/**
 * The sign-in step the server asked for last. A reload in the middle of signing in (the session
 * is then `pending`) resumes at that step instead of starting over. It holds no secret: the
 * methods offered and the WebAuthn challenge options, which are useless without the session cookie.
 */
const KEY = 'gatehouse:sign-in-step';

export function rememberStep(step: SignInNext): void {
  try {
    if (step.next === 'done') sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, JSON.stringify(step));
  } catch {
    // Storage can be disabled; resuming after a reload is then not possible, nothing else changes.
  }
}

export function rememberedStep(): SignInNext | undefined {
  try {
    const text = sessionStorage.getItem(KEY);
    return text ? (JSON.parse(text) as SignInNext) : undefined;
  } catch {
    return undefined;
  }
}

export function forgetStep(): void {
  rememberStep({ next: 'done' });
}
