import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import TransfersList from './TransfersList.svelte';
import { makeApp } from '../../test-support.ts';
import type { TransferDto } from '../../../../electron/shared/dto.ts';

const base = { connectionId: 'local', bucket: 'photos', total: 1000, startedAt: '2026-11-27T10:30:00.000Z' } as const;
const longKey = `albums/2026/${'very-long-folder-name/'.repeat(6)}IMG_20261127_102001_HDR_panorama_stitched.dng`;

function rowFor(key: string): HTMLElement {
  const row = screen.getAllByTestId('transfer-row').find((r) => r.dataset.key === key);
  if (!row) throw new Error(`no transfer row for ${key}`);
  return row;
}

describe('transfers list', { timeout: 30_000 }, () => {
  it('gives every running or queued transfer a Cancel button and a failed upload from a local file a Retry button', async () => {
    const { app, backend, context } = makeApp({ sample: true });
    const extra: TransferDto[] = [
      { ...base, id: 'q1', kind: 'upload', key: longKey, loaded: 0, state: 'queued' },
      { ...base, id: 'f1', kind: 'upload', key: 'albums/2026/raw/IMG_0003.dng', loaded: 200, state: 'failed', localPath: '/home/me/Pictures/IMG_0003.dng', error: { code: 'NetworkError', message: 'Connection reset' } },
      { ...base, id: 'f2', kind: 'upload', key: 'renamed.dng', loaded: 0, state: 'failed', localPath: '/home/me/Pictures/IMG_0004.dng', error: { code: 'NetworkError', message: 'Connection reset' } },
    ];
    backend.transfers.push(...extra);
    await app.transfers.start();
    render(TransfersList, { context });

    // Sample: tr1 done, tr2 running, tr3 a failed download.
    for (const key of ['albums/2026/raw/IMG_0002.dng', longKey]) {
      const cancel = within(rowFor(key)).getByTestId('transfer-cancel');
      // A real button (in the Tab order), named for screen readers by the file it cancels.
      expect(cancel.tagName).toBe('BUTTON');
      expect(cancel).toHaveAccessibleName(`Cancel upload of ${key.split('/').pop()}`);
      expect(cancel).not.toBeDisabled();
    }
    // The long key is cut by CSS, never in the text: the whole path stays in the tooltip.
    expect(within(rowFor(longKey)).getByTitle(`photos/${longKey}`)).toHaveTextContent(longKey);

    const retry = within(rowFor('albums/2026/raw/IMG_0003.dng')).getByTestId('transfer-retry');
    expect(retry).toHaveAccessibleName('Retry upload of IMG_0003.dng');
    expect(within(rowFor('albums/2026/raw/IMG_0003.dng')).getByTitle(/Connection reset/)).toHaveTextContent('Connection reset');
    // A key that is not `prefix + file name` cannot be rebuilt by uploadPaths; a failed download does not say
    // which version it fetched; a done transfer has nothing to do. None of them offers a button.
    for (const key of ['renamed.dng', 'site/app.js', 'albums/2026/cat 1.jpg']) {
      expect(within(rowFor(key)).queryByRole('button')).toBeNull();
    }

    await fireEvent.click(retry);
    await waitFor(() => expect(backend.calls.filter((c) => c.method === 'transfers.uploadPaths')).toHaveLength(1));
    expect(backend.calls.find((c) => c.method === 'transfers.uploadPaths')!.input).toEqual({
      connectionId: 'local',
      bucket: 'photos',
      prefix: 'albums/2026/raw/',
      paths: ['/home/me/Pictures/IMG_0003.dng'],
    });

    // Cancelled from the keyboard: the focus moves on to the other transfer's Cancel button, not to <body>
    // when this one goes.
    const cancelLong = within(rowFor(longKey)).getByTestId('transfer-cancel');
    cancelLong.focus();
    await fireEvent.click(cancelLong);
    await waitFor(() => expect(rowFor(longKey).dataset.state).toBe('cancelled'));
    expect(within(rowFor(longKey)).queryByTestId('transfer-cancel')).toBeNull();
    const other = within(rowFor('albums/2026/raw/IMG_0002.dng')).getByTestId('transfer-cancel');
    expect(document.activeElement).toBe(other);
    // The last one: the focus goes to the list.
    await fireEvent.click(other);
    await waitFor(() => expect(rowFor('albums/2026/raw/IMG_0002.dng').dataset.state).toBe('cancelled'));
    expect(document.activeElement).toBe(screen.getByTestId('transfer-list'));
  });

  it('cancels every running and queued transfer with Cancel all, queued ones first, after asking when there are many', async () => {
    const { app, backend, context } = makeApp({ sample: true });
    // Sample: tr2 running. Plus five queued: six active, so Cancel all asks first.
    for (let i = 1; i <= 5; i++) backend.transfers.push({ ...base, id: `q${i}`, kind: 'upload', key: `batch/${i}.jpg`, loaded: 0, state: 'queued' });
    await app.transfers.start();
    render(TransfersList, { context });
    expect(screen.getByTestId('transfers-summary')).toHaveTextContent('1 running · 5 queued Cancel all');
    const cancelAll = screen.getByTestId('transfers-cancel-all');
    expect(cancelAll.tagName).toBe('BUTTON');
    cancelAll.focus();

    // Declined: nothing is cancelled.
    await fireEvent.click(cancelAll);
    await waitFor(() => expect(app.ui.dialog?.kind).toBe('confirm'));
    const ask = app.ui.dialog as { kind: 'confirm'; request: { title: string; message: string }; resolve: (ok: boolean) => void };
    expect(ask.request.title).toBe('Cancel 6 transfers?');
    expect(ask.request.message).toMatch(/^1 running and 5 queued transfers stop/);
    ask.resolve(false);
    await Promise.resolve();
    expect(backend.calls.filter((c) => c.method === 'transfers.cancel')).toEqual([]);

    await fireEvent.click(cancelAll);
    await waitFor(() => expect(app.ui.dialog?.kind).toBe('confirm'));
    (app.ui.dialog as unknown as { resolve: (ok: boolean) => void }).resolve(true);
    await waitFor(() => expect(screen.getAllByTestId('transfer-row').filter((r) => r.dataset.state === 'running' || r.dataset.state === 'queued')).toEqual([]));
    // One request for all of them (main cancels the queued ones first), not one per transfer.
    expect(backend.calls.filter((c) => c.method === 'transfers.cancel')).toEqual([]);
    expect(backend.calls.filter((c) => c.method === 'transfers.cancelAll')).toHaveLength(1);
    // The button went with the last active transfer; the keyboard focus is on the list, not on <body>.
    expect(screen.queryByTestId('transfers-summary')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('transfer-list'));
  });

  it('cancels a few transfers at once without asking', async () => {
    const { app, backend, context } = makeApp({ sample: true });
    await app.transfers.start();
    render(TransfersList, { context });
    await fireEvent.click(screen.getByTestId('transfers-cancel-all'));
    await waitFor(() => expect(rowFor('albums/2026/raw/IMG_0002.dng').dataset.state).toBe('cancelled'));
    expect(app.ui.dialog).toBeUndefined();
    expect(backend.calls.filter((c) => c.method === 'transfers.cancelAll')).toHaveLength(1);
  });
});
