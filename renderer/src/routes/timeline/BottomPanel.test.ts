import { describe, expect, it } from 'vitest';
import { render, screen, fireEvent, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import BottomPanel from './BottomPanel.svelte';
import { makeApp } from '../../test-support.ts';

function rows() {
  return screen.getAllByTestId('timeline-row');
}

describe('timeline panel', { timeout: 30_000 }, () => {
  it('renders actions, their events and executions, newest first, with status, cold/warm and duration', async () => {
    const { app, context } = makeApp({ sample: true });
    await app.timeline.start();
    render(BottomPanel, { context });

    const all = rows();
    expect(all.map((r) => r.dataset.kind).slice(0, 6)).toEqual(['action', 'event', 'execution', 'action', 'event', 'execution']);
    // The newest action is the DELETE whose function timed out.
    expect(all[0]).toHaveTextContent('DELETE');
    expect(all[0]).toHaveTextContent('photos/albums/2025/old.jpg');
    expect(all[1]).toHaveTextContent('cos:ObjectRemove:DeleteMarkerCreated');
    expect(all[2]).toHaveTextContent('thumbnailer');
    expect(within(all[2]!).getByText(/timeout/)).toBeInTheDocument();
    // The oldest one was a cold start that succeeded.
    const last = all.at(-1)!;
    expect(last).toHaveTextContent('success');
    expect(last).toHaveTextContent('cold');
    expect(last).toHaveTextContent('112 ms');
    expect(last).toHaveTextContent('"wrote thumbs/albums/2026/cat 1.jpg"');
    // The external client's write is labelled as such.
    expect(all[3]).toHaveTextContent('external');
  });

  it('opens an execution to show its logs and error, and an event to show its payload JSON', async () => {
    const { app, context } = makeApp({ sample: true });
    await app.timeline.start();
    render(BottomPanel, { context });

    const failed = rows().find((r) => r.dataset.id === 'x:x2')!;
    await fireEvent.click(failed);
    const logs = await screen.findByTestId('execution-logs');
    expect(logs).toHaveTextContent('Error: unsupported image format');
    expect(screen.getByTestId('timeline-detail')).toHaveTextContent('next try (2 of 3) in 1000 ms');
    // Spaced on both sides of each dot: "warm · 48 ms · started …" (a space at the start of an {#if} block is dropped).
    expect(screen.getByTestId('timeline-detail').textContent).toMatch(/(warm|cold start[^·]*) · \S+ ms · started/);

    await fireEvent.click(rows().find((r) => r.dataset.id === 'e:e1')!);
    const json = JSON.parse((await screen.findByTestId('event-json')).textContent!) as { Records: { cos: { cosBucket: { name: string } } }[] };
    expect(json.Records[0]!.cos.cosBucket.name).toBe('photos');
  });

  it('names an event’s trigger as the user knows it (its name, or its events and function), not by its id', async () => {
    const { app, backend, context } = makeApp({ sample: true });
    await Promise.all([app.timeline.start(), app.automation.start()]);
    render(BottomPanel, { context });
    await fireEvent.click(rows().find((r) => r.dataset.id === 'e:e1')!);
    const detail = await screen.findByTestId('timeline-detail');
    expect(detail).toHaveTextContent(/Trigger\s*thumbnails/);
    // A trigger saved without a name.
    const t1 = backend.triggers.find((t) => t.id === 't1')!;
    backend.triggers = [{ ...t1, name: '' }];
    await app.automation.loadTriggers();
    await waitFor(() => expect(screen.getByTestId('timeline-detail')).toHaveTextContent(/Trigger\s*cos:ObjectCreated:\* → thumbnailer/));
  });

  it('shows live records as they are pushed, and updates an execution in place', async () => {
    const { app, backend, context } = makeApp();
    await app.timeline.start();
    render(BottomPanel, { context });
    expect(screen.getByTestId('timeline-empty')).toHaveTextContent('Nothing has happened yet');

    const base = { time: '2026-11-27T10:00:00.000Z', actionId: 'z1' };
    backend.record({ ...base, type: 'action', actor: 'app', operation: 'PutObject', connectionId: 'local', bucket: 'up', key: 'a.txt', result: 'ok' });
    backend.record({ ...base, type: 'event', eventId: 'ev', eventName: 's3:ObjectCreated:Put', bucket: 'up', key: 'a.txt', source: 'observed' });
    const exec = { ...base, type: 'execution' as const, executionId: 'run', eventId: 'ev', function: 'log-event', functionId: 'f', triggerId: 't', attempt: 1, cold: false, startedAt: base.time, durationMs: 0, logs: [] };
    backend.record({ ...exec, status: 'running' });
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(rows()[1]).toHaveTextContent('observed');
    expect(rows()[2]).toHaveTextContent('running');

    backend.record({ ...exec, status: 'success', durationMs: 7, logs: ['hello'] });
    await waitFor(() => expect(rows()[2]).toHaveTextContent('success'));
    expect(rows()).toHaveLength(3);
    expect(rows()[2]).toHaveTextContent('7 ms');
  });

  it('a run still going, or one the recursion guard skipped, is not called warm (nor attempt 0)', async () => {
    const { app, backend, context } = makeApp();
    await app.timeline.start();
    render(BottomPanel, { context });
    const base = { time: '2026-11-27T10:00:00.000Z', actionId: 'z2' };
    backend.record({ ...base, type: 'action', actor: 'app', operation: 'PutObject', connectionId: 'local', bucket: 'up', key: 'a.txt', result: 'ok' });
    backend.record({ ...base, type: 'event', eventId: 'ev2', eventName: 's3:ObjectCreated:Put', bucket: 'up', key: 'a.txt', source: 'embedded' });
    const exec = { ...base, type: 'execution' as const, eventId: 'ev2', function: 'writer', functionId: 'f', triggerId: 't', cold: false, startedAt: base.time, durationMs: 0, logs: [] };
    backend.record({ ...exec, executionId: 'skip', attempt: 0, status: 'skipped', note: 'Recursion guard: not invoked.' });
    backend.record({ ...exec, executionId: 'going', attempt: 1, status: 'running' });
    await waitFor(() => expect(rows()).toHaveLength(4));
    await fireEvent.click(rows().find((r) => r.dataset.id === 'x:skip')!);
    const detail = await screen.findByTestId('timeline-detail');
    expect(detail).toHaveTextContent('writer · not invoked');
    expect(screen.getByTestId('execution-when')).toHaveTextContent(/^not invoked · /);
    expect(detail).not.toHaveTextContent(/attempt 0|warm/);
    await fireEvent.click(rows().find((r) => r.dataset.id === 'x:going')!);
    await waitFor(() => expect(screen.getByTestId('execution-when')).toHaveTextContent(/^started /));
    expect(screen.getByTestId('timeline-detail')).not.toHaveTextContent(/warm/);
  });

  it('filters by status and lists failures under Problems', async () => {
    const { app, context } = makeApp({ sample: true });
    await app.timeline.start();
    render(BottomPanel, { context });
    await fireEvent.change(screen.getByTestId('timeline-filter-status'), { target: { value: 'failed' } });
    await waitFor(() => expect(rows().filter((r) => r.dataset.kind === 'action')).toHaveLength(2));

    await fireEvent.click(screen.getByTestId('tab-problems'));
    await waitFor(() => expect(rows().map((r) => r.dataset.id)).toEqual(['x:x4', 'x:x2']));
  });

  it('keeps a separate selection and detail pane for the Timeline and Problems tabs', async () => {
    const { app, context } = makeApp({ sample: true });
    await app.timeline.start();
    render(BottomPanel, { context });
    await fireEvent.click(rows().find((r) => r.dataset.id === 'e:e1')!);
    expect(await screen.findByTestId('event-json')).toBeInTheDocument();

    await fireEvent.click(screen.getByTestId('tab-problems'));
    await waitFor(() => expect(rows().map((r) => r.dataset.id)).toEqual(['x:x4', 'x:x2']));
    expect(screen.queryByTestId('timeline-detail')).toBeNull();
    await fireEvent.click(rows()[1]!);
    await waitFor(() => expect(screen.getByTestId('timeline-detail')).toHaveTextContent('thumbnailer · attempt 1'));

    // Back on the Timeline, its own selection (the event) is still there.
    await fireEvent.click(screen.getByTestId('tab-timeline'));
    expect(await screen.findByTestId('event-json')).toBeInTheDocument();
    expect(rows().find((r) => r.dataset.id === 'x:x2')).toHaveAttribute('aria-selected', 'false');
  });

  it('redelivering a dead letter that then succeeds clears it from the Problems count', async () => {
    const { app, context } = makeApp({ sample: true });
    await Promise.all([app.timeline.start(), app.automation.start(), app.transfers.start()]);
    render(BottomPanel, { context });
    // One dead letter (dog.png), one failed transfer; the timed-out and failed executions are not counted twice.
    await waitFor(() => expect(screen.getByTestId('tab-problems')).toHaveTextContent(/Problems\s*2/));
    expect(app.timeline.activityFor('photos', 'albums/2026/dog.png')).toMatchObject({ failed: 1, ok: 0 });

    await fireEvent.click(screen.getByTestId('tab-problems'));
    await fireEvent.click(await screen.findByTestId('dead-letter-redeliver'));
    await waitFor(() => expect(screen.queryByTestId('dead-letter')).toBeNull());
    await waitFor(() => expect(app.timeline.activityFor('photos', 'albums/2026/dog.png')).toMatchObject({ failed: 0, ok: 1 }));
    expect(screen.getByTestId('tab-problems')).toHaveTextContent(/Problems\s*1/);
    // The superseded attempt left the Problems list; the timeout nobody retried is still there.
    expect(rows().map((r) => r.dataset.id)).toEqual(['x:x4']);
  });

  it('closing the details from inside them (Escape, or their Close button) puts the focus back on the list', async () => {
    const { app, context } = makeApp({ sample: true });
    await app.timeline.start();
    render(BottomPanel, { context });
    const list = screen.getByTestId('timeline-list');

    await fireEvent.click(rows().find((r) => r.dataset.id === 'x:x2')!);
    const detail = await screen.findByTestId('timeline-detail');
    const close = within(detail).getByRole('button', { name: 'Close' });
    close.focus();
    await fireEvent.keyDown(close, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('timeline-detail')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(list));

    await fireEvent.click(rows().find((r) => r.dataset.id === 'x:x2')!);
    const again = within(await screen.findByTestId('timeline-detail')).getByRole('button', { name: 'Close' });
    again.focus();
    await fireEvent.click(again);
    await waitFor(() => expect(screen.queryByTestId('timeline-detail')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(list));
  });

  it('a clicked record leaves the focus on the list, and Enter moves it into the record’s details', async () => {
    const { app, context } = makeApp({ sample: true });
    await app.timeline.start();
    render(BottomPanel, { context });
    const user = userEvent.setup();
    const list = screen.getByTestId('timeline-list');
    // A click focused the row itself, which the virtualized list drops once it scrolls away (End): the focus fell on
    // <body> and the arrow keys did nothing more.
    await user.click(rows().find((r) => r.dataset.id === 'e:e1')!);
    expect(document.activeElement).toBe(list);
    await user.keyboard('{ArrowDown}');
    expect(list.getAttribute('aria-activedescendant')).toBe('tl-x:x1');
    // jsdom lays nothing out, so a page is one row here.
    await user.keyboard('{Home}{PageDown}');
    expect(list.getAttribute('aria-activedescendant')).toBe('tl-e:e4');
    await user.keyboard('{End}{PageUp}{ArrowDown}');
    expect(list.getAttribute('aria-activedescendant')).toBe('tl-x:x1');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('timeline-detail-content')));
    expect(screen.getByTestId('timeline-detail-title')).toHaveTextContent('thumbnailer');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(document.activeElement).toBe(list));
    // The details closed; the keys go on from the record they showed, not from the top of the list.
    await user.keyboard('{ArrowUp}');
    expect(list.getAttribute('aria-activedescendant')).toBe('tl-e:e1');
    await user.keyboard('{Escape}{Enter}');
    await waitFor(() => expect(screen.getByTestId('timeline-detail-title')).toHaveTextContent('cos:ObjectCreated:Put'));
  });

  it('copies an event’s payload indented or raw (the webhook body), and an execution’s logs and error, byte for byte', async () => {
    const { app, backend, context } = makeApp({ sample: true });
    await app.timeline.start();
    render(BottomPanel, { context });
    const user = userEvent.setup();
    const payload = backend.timeline.find((r) => r.type === 'event' && r.eventId === 'e1')!;
    if (payload.type !== 'event') throw new Error('not an event');

    await user.click(rows().find((r) => r.dataset.id === 'e:e1')!);
    const detail = await screen.findByTestId('timeline-detail');
    expect(detail).toHaveTextContent(/Event id\s*e1/);
    expect(detail).toHaveTextContent(/Bucket\s*photos/);
    await user.click(screen.getByTestId('copy-event-json-raw'));
    expect(await navigator.clipboard.readText()).toBe(JSON.stringify(payload.payload));
    await user.click(screen.getByTestId('copy-event-json'));
    expect(await navigator.clipboard.readText()).toBe(JSON.stringify(payload.payload, null, 2));

    await user.click(rows().find((r) => r.dataset.id === 'x:x2')!);
    await user.click(await screen.findByTestId('copy-execution-logs'));
    const x2 = backend.timeline.find((r) => r.type === 'execution' && r.executionId === 'x2')!;
    if (x2.type !== 'execution') throw new Error('not an execution');
    expect(await navigator.clipboard.readText()).toBe(x2.logs.join('\n'));
    await user.click(screen.getByTestId('copy-execution-error'));
    expect(await navigator.clipboard.readText()).toBe('Error: unsupported image format\n    at main_handler (index.js:12:11)');
    expect(screen.getByTestId('execution-request-id')).toHaveTextContent('x2');
  });

  it('says what the timeline keeps once its history is at the limit, not before', async () => {
    const { app, backend, context } = makeApp({ sample: true });
    await app.timeline.start();
    render(BottomPanel, { context });
    expect(screen.queryByTestId('timeline-limit-note')).toBeNull();
    // Runs whose logs fill the size budget (one shared string keeps the test small).
    const log = 'x'.repeat(1_000_000);
    const base = { time: '2026-11-27T10:00:00.000Z', type: 'execution' as const, eventId: 'e1', function: 'thumbnailer', functionId: 'f1', triggerId: 't1', attempt: 1, status: 'success' as const, cold: false, startedAt: '2026-11-27T10:00:00.000Z', durationMs: 1 };
    for (let i = 0; i < 100; i++) backend.record({ ...base, executionId: `chatty-${i}`, logs: [log] });
    expect(await screen.findByTestId('timeline-limit-note')).toHaveTextContent('keeps the newest 50,000 records, at most 100 MB');
  });

  it('clears the timeline only once asked, and says what stays (dead letters stay under Problems)', async () => {
    const { app, context } = makeApp({ sample: true });
    await Promise.all([app.timeline.start(), app.automation.start()]);
    render(BottomPanel, { context });
    const before = rows().length;
    await fireEvent.click(screen.getByTestId('timeline-clear'));
    const asked = app.ui.dialog;
    if (asked?.kind !== 'confirm') throw new Error('no question asked');
    expect(asked.request.message).toContain('Objects, triggers, functions and dead letters stay.');
    asked.resolve(false);
    await new Promise((r) => setTimeout(r, 0));
    expect(rows()).toHaveLength(before);

    await fireEvent.click(screen.getByTestId('timeline-clear'));
    const again = app.ui.dialog;
    if (again?.kind !== 'confirm') throw new Error('no question asked');
    again.resolve(true);
    expect(await screen.findByTestId('timeline-empty')).toBeInTheDocument();
    expect(await app.api.timeline.list({})).toEqual([]);
    await fireEvent.click(screen.getByTestId('tab-problems'));
    expect(await screen.findByTestId('dead-letter')).toBeInTheDocument();
  });

  it('says a text filter that matches nothing hides the records, and Clear filters empties it too', async () => {
    const { app, context } = makeApp({ sample: true });
    await app.timeline.start();
    render(BottomPanel, { context });
    const before = rows().length;
    const text = screen.getByTestId('timeline-filter-text') as HTMLInputElement;
    await fireEvent.input(text, { target: { value: 'no such key anywhere' } });
    expect(await screen.findByTestId('timeline-empty-filtered')).toHaveTextContent('No records match the filters');
    expect(screen.queryByTestId('timeline-empty')).toBeNull();
    await fireEvent.click(within(screen.getByTestId('timeline-empty-filtered')).getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(rows()).toHaveLength(before));
    expect(text.value).toBe('');
  });
});
