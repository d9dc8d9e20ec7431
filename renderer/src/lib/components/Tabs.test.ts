import { describe, expect, it } from 'vitest';
import { render, screen, fireEvent } from '@testing-library/svelte';
import Activity from '@lucide/svelte/icons/activity';
import Tabs from './Tabs.svelte';
import '../../test-support.ts';

type Id = 'one' | 'two' | 'three';
const tabs = [
  { id: 'one' as const, label: 'One' },
  { id: 'two' as const, label: 'Two', badge: 3 },
  { id: 'three' as const, label: 'Three', badge: 0 },
];

/** Renders the strip and feeds each selection back in, as a parent that owns the value does. */
function strip(value: Id, collapsed = false) {
  const chosen: Id[] = [];
  const onselect = (id: Id) => {
    chosen.push(id);
    void view.rerender({ value: id });
  };
  const view = render(Tabs<Id>, { props: { tabs, value, collapsed, label: 'Views', idPrefix: 't-', panelId: 'panel', onselect } });
  return { chosen, tab: (id: Id) => screen.getByTestId(`t-${id}`) };
}

describe('tab strip', () => {
  it('marks the current tab, keeps only it in the Tab order and names the panel it controls', () => {
    const { tab } = strip('two');
    expect(screen.getByRole('tablist')).toHaveAccessibleName('Views');
    expect(tab('two')).toHaveAttribute('aria-selected', 'true');
    expect(tab('two')).toHaveAttribute('tabindex', '0');
    expect(tab('one')).toHaveAttribute('aria-selected', 'false');
    expect(tab('one')).toHaveAttribute('tabindex', '-1');
    expect(tab('one')).toHaveAttribute('id', 't-one');
    expect(tab('one')).toHaveAttribute('aria-controls', 'panel');
    // A count shows only when there is one.
    expect(tab('two')).toHaveTextContent(/^Two\s*3$/);
    expect(tab('three')).toHaveTextContent(/^Three$/);
  });

  it('moves and activates with the arrow keys (wrapping), Home and End, and follows with the focus', async () => {
    const { chosen, tab } = strip('one');
    tab('one').focus();
    await fireEvent.keyDown(tab('one'), { key: 'ArrowLeft' });
    expect(chosen).toEqual(['three']);
    expect(tab('three')).toHaveFocus();
    expect(tab('three')).toHaveAttribute('aria-selected', 'true');
    await fireEvent.keyDown(tab('three'), { key: 'ArrowRight' });
    await fireEvent.keyDown(tab('one'), { key: 'End' });
    await fireEvent.keyDown(tab('three'), { key: 'Home' });
    expect(chosen).toEqual(['three', 'one', 'three', 'one']);
    expect(tab('one')).toHaveFocus();
    // Other keys are left to the page (e.g. Tab, shortcuts).
    await fireEvent.keyDown(tab('one'), { key: 'ArrowDown' });
    expect(chosen).toHaveLength(4);
  });

  it('shows no tab as selected while its panel is collapsed, yet keeps one focusable', async () => {
    const { tab } = strip('two', true);
    for (const id of ['one', 'two', 'three'] as const) expect(tab(id)).toHaveAttribute('aria-selected', 'false');
    expect(tab('two')).toHaveAttribute('tabindex', '0');
    await fireEvent.click(tab('three'));
    expect(tab('three')).toHaveAttribute('tabindex', '0');
  });

  it('keeps the labels for screen readers and tooltips when it shows icons only', () => {
    render(Tabs<Id>, { props: { tabs: tabs.map((t) => ({ ...t, icon: Activity })), value: 'one', iconsOnly: true, label: 'Views', idPrefix: 'n-', panelId: 'p', onselect: () => {} } });
    const two = screen.getByTestId('n-two');
    expect(two).toHaveAttribute('title', 'Two');
    expect(screen.getByRole('tab', { name: /Two/ })).toBe(two);
    expect(screen.getAllByText('Two').at(-1)).toHaveClass('sr-only');
  });
});
