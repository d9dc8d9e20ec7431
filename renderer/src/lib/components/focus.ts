// After an action that removed or disabled the focused control (a deleted bucket's or function's Delete
// button, a submit button disabled while saving), the browser drops the focus on <body>, and a keyboard user
// would start again from the top of the window. This puts it somewhere sensible instead.
import { tick } from 'svelte';

/**
 * Once the DOM has caught up: if nothing has the focus, focus the first candidate (a CSS selector or an
 * element) that is in the page and enabled. A focus the user has moved on to is left alone.
 */
export async function refocusIfLost(...candidates: (string | HTMLElement | null | undefined)[]): Promise<void> {
  await tick();
  if (typeof document === 'undefined') return;
  const focused = document.activeElement;
  if (focused && focused !== document.body) return;
  for (const candidate of candidates) {
    const el = typeof candidate === 'string' ? document.querySelector<HTMLElement>(candidate) : candidate;
    if (el?.isConnected && !el.matches(':disabled')) {
      el.focus();
      return;
    }
  }
}
