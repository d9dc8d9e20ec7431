/** Arrow-key movement between the buttons of a vertical list (roving focus without extra state). */
export function moveFocus(e: KeyboardEvent, selector = '[data-nav-item]'): void {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Home' && e.key !== 'End') return;
  const container = e.currentTarget as HTMLElement;
  const items = [...container.querySelectorAll<HTMLElement>(selector)];
  if (items.length === 0) return;
  const at = items.indexOf(document.activeElement as HTMLElement);
  const next =
    e.key === 'ArrowDown' ? Math.min(items.length - 1, at + 1) : e.key === 'ArrowUp' ? Math.max(0, at - 1) : e.key === 'Home' ? 0 : items.length - 1;
  e.preventDefault();
  items[next]?.focus();
}
