import { describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor } from '@testing-library/svelte';
import App from '../../App.svelte';
import { createFakeClient } from '../../api/fake/fake-client.ts';
import '../../test-support.ts';

describe('upload and settings', { timeout: 30_000 }, () => {
  it('uploads picked files into the open folder, shows them as transfers and lists them', async () => {
    localStorage.clear();
    const { api } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await fireEvent.click(await screen.findByRole('button', { name: /thumbs/ }));
    expect(await screen.findByTestId('empty-folder')).toHaveTextContent('This bucket is empty');
    const files = [new File(['hello'], 'a.txt', { type: 'text/plain' }), new File(['12345678'], 'b.txt', { type: 'text/plain' })];
    await fireEvent.change(screen.getByTestId('upload-input'), { target: { files } });
    // The bottom panel switches to Transfers; both finish; the folder refreshes with the new keys.
    await waitFor(() => expect(screen.getByTestId('tab-transfers')).toHaveAttribute('aria-selected', 'true'));
    await waitFor(() => {
      const done = screen.getAllByTestId('transfer-row').filter((r) => r.dataset.state === 'done' && r.dataset.key?.endsWith('.txt') && !r.dataset.key.includes('/'));
      expect(done.map((r) => r.dataset.key).sort()).toEqual(['a.txt', 'b.txt']);
    });
    await waitFor(() => expect(screen.getAllByTestId('object-row').map((r) => r.dataset.key)).toEqual(['a.txt', 'b.txt']));
  });

  it('switches the theme from the status bar and saves it in the app settings', async () => {
    localStorage.clear();
    const { api, backend } = createFakeClient({ sample: true });
    render(App, { props: { api } });
    await screen.findAllByTestId('connection-item');
    expect(document.documentElement.dataset.theme).toBe('light');
    await fireEvent.click(screen.getByTestId('theme-toggle'));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('light'));
    await fireEvent.click(screen.getByTestId('theme-toggle'));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    await waitFor(() => expect(backend.settings.theme).toBe('dark'));
    expect(JSON.parse(localStorage.getItem('bucketscope.layout.v1')!).theme).toBe('dark');
  });
});
