// Saving settings with a field out of range keeps the dialog open, names the field by its label at the field,
// and moves the focus there (it may be scrolled out of view); nothing is sent to main.
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import App from '../../App.svelte';
import { createFakeClient } from '../../api/fake/fake-client.ts';
import { settingsProblems } from './settings-form.ts';
import { DEFAULT_SETTINGS } from '../../../../electron/shared/settings.ts';
import '../../test-support.ts';

describe('settings form', () => {
  it('accepts the defaults and names each wrong field by its label', () => {
    expect(settingsProblems(DEFAULT_SETTINGS)).toEqual({});
    const bad = structuredClone(DEFAULT_SETTINGS);
    bad.retries.attempts = Number.NaN;
    bad.events.missingAfterMs = 5;
    bad.server.port = 80;
    expect(settingsProblems(bad)).toEqual({
      'retries.attempts': 'Retries: enter a number from 0 to 10.',
      'events.missingAfterMs': 'Missing after must be from 500 to 600,000.',
      'server.port': 'Port: 0 (any free port) or a number from 1,024 to 65,535.',
    });
  });

  it('keeps the dialog open on Save with an empty field, says why at the field and focuses it', async () => {
    localStorage.clear();
    const { api, backend } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await screen.findByRole('button', { name: /photos/ });
    await fireEvent.keyDown(document.body, { key: ',', ctrlKey: true });
    const retries = (await screen.findByTestId('settings-retries')) as HTMLInputElement;
    await fireEvent.input(retries, { target: { value: '' } });
    await fireEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() => expect(document.activeElement).toBe(retries));
    expect(retries).toHaveAccessibleDescription('Retries: enter a number from 0 to 10.');
    expect(screen.getByTestId('settings-dialog')).toBeInTheDocument();
    expect(backend.calls.some((c) => c.method === 'settings.update')).toBe(false);
  });

  it('asks before closing with unsaved edits (Escape included): Keep editing keeps them, Discard drops them', async () => {
    localStorage.clear();
    const { api, backend } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await screen.findByRole('button', { name: /photos/ });
    await fireEvent.keyDown(document.body, { key: ',', ctrlKey: true });
    const retries = (await screen.findByTestId('settings-retries')) as HTMLInputElement;
    // Untouched: Close closes at once.
    await fireEvent.click(screen.getByTestId('settings-close'));
    await waitFor(() => expect(screen.queryByTestId('settings-dialog')).toBeNull());

    await fireEvent.keyDown(document.body, { key: ',', ctrlKey: true });
    const field = (await screen.findByTestId('settings-retries')) as HTMLInputElement;
    expect(field).not.toBe(retries);
    await fireEvent.input(field, { target: { value: '5' } });
    await fireEvent.keyDown(field, { key: 'Escape' });
    const ask = await screen.findByTestId('settings-discard-dialog');
    expect(ask).toHaveAttribute('role', 'alertdialog');
    expect(ask).toHaveAccessibleDescription(/have not been saved/);
    expect(screen.getByTestId('settings-dialog')).toBeInTheDocument();
    // The safe answer has the focus; Escape in the question answers it too.
    expect(document.activeElement).toBe(screen.getByTestId('settings-discard-dialog-keep'));
    await fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('settings-discard-dialog')).toBeNull());
    expect((screen.getByTestId('settings-retries') as HTMLInputElement).value).toBe('5');

    // The dialog's Close button asks too; Discard closes without saving.
    await fireEvent.click(screen.getByTestId('settings-close'));
    await fireEvent.click(await screen.findByTestId('settings-discard-dialog-discard'));
    await waitFor(() => expect(screen.queryByTestId('settings-dialog')).toBeNull());
    expect(backend.calls.some((c) => c.method === 'settings.update')).toBe(false);
  });
});
