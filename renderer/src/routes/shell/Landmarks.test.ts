// What a screen reader's landmark and heading lists offer: one main region (the centre view), one page footer
// (the status bar) even with a dialog open, the shortcut groups as headings under the dialog's title, and code
// snippets a keyboard can reach to scroll their long lines.
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import App from '../../App.svelte';
import CodeSnippet from '../../lib/components/CodeSnippet.svelte';
import { createFakeClient } from '../../api/fake/fake-client.ts';
import '../../test-support.ts';

describe('landmarks and headings', () => {
  it('has one main and one contentinfo, also while a dialog is open; shortcut groups are h3 under the h2 title', async () => {
    localStorage.clear();
    const { api } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await screen.findByRole('button', { name: /photos/ });
    expect(screen.getAllByRole('main')).toHaveLength(1);
    expect(screen.getAllByRole('contentinfo')).toHaveLength(1);
    await fireEvent.keyDown(document.body, { key: 'F1' });
    const dialog = await screen.findByTestId('shortcuts-dialog');
    expect(screen.getAllByRole('contentinfo')).toHaveLength(1);
    expect(within(dialog).getByRole('heading', { level: 2 })).toHaveTextContent('Keyboard shortcuts');
    expect(within(dialog).getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toContain('Anywhere');
    expect(within(dialog).queryAllByRole('heading', { level: 4 })).toHaveLength(0);
  });

  it('a code snippet is in the Tab order and named by its label', () => {
    render(CodeSnippet, { props: { label: 'aws-cli', code: 'aws s3 ls', what: 'command', testid: 'snip' } });
    const pre = screen.getByTestId('snip');
    expect(pre.tabIndex).toBe(0);
    expect(pre).toHaveAccessibleName('aws-cli');
  });
});
