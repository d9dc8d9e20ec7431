import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import App from '../../App.svelte';
import { createFakeClient } from '../../api/fake/fake-client.ts';
import '../../test-support.ts';

describe('keyboard shortcuts list', () => {
  it('opens on ? (not while typing in a field), on F1 and from the status bar; Escape closes it', async () => {
    localStorage.clear();
    const { api } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /photos/ }));
    const filter = await screen.findByTestId('object-filter');

    // A question mark typed into the filter stays a question mark.
    await fireEvent.keyDown(filter, { key: '?' });
    expect(screen.queryByTestId('shortcuts-dialog')).toBeNull();

    await fireEvent.keyDown(document.body, { key: '?' });
    const dialog = await screen.findByTestId('shortcuts-dialog');
    expect(dialog).toHaveTextContent('Next / previous pane');
    expect(dialog).toHaveTextContent('Up one folder');
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('shortcuts-dialog')).toBeNull());

    await fireEvent.keyDown(filter, { key: 'F1' });
    await screen.findByTestId('shortcuts-dialog');
    await fireEvent.click(screen.getByTestId('shortcuts-close'));
    await waitFor(() => expect(screen.queryByTestId('shortcuts-dialog')).toBeNull());

    await fireEvent.click(screen.getByTestId('open-shortcuts'));
    await screen.findByTestId('shortcuts-dialog');
  });
});
