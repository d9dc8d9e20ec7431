// The details panel's "What it triggered" follows an execution from running to its end: the timeline updates
// its groups in place, so the list must not keep showing the first status it rendered.
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import TriggeredList from './TriggeredList.svelte';
import { makeApp } from '../../test-support.ts';

describe('What it triggered', { timeout: 30_000 }, () => {
  it('shows an execution that was running as success once it ends', async () => {
    const { app, backend, context } = makeApp();
    await app.timeline.start();
    const base = { time: '2026-11-27T10:00:00.000Z', actionId: 'd1' };
    backend.record({ ...base, type: 'action', actor: 'app', operation: 'DeleteObject', connectionId: 'local', bucket: 'up', key: 'a.txt', result: 'ok' });
    backend.record({ ...base, type: 'event', eventId: 'ev', eventName: 'ObjectRemoved:DeleteMarkerCreated', bucket: 'up', key: 'a.txt', source: 'embedded' });
    const exec = { ...base, type: 'execution' as const, executionId: 'run', eventId: 'ev', function: 'log-event', functionId: 'f', triggerId: 't', attempt: 1, cold: false, startedAt: base.time, durationMs: 0, logs: [] };
    backend.record({ ...exec, status: 'running' });
    await waitFor(() => expect(app.timeline.groupsFor('up', 'a.txt')[0]?.events[0]?.executions).toHaveLength(1));
    const view = render(TriggeredList, { context, props: { groups: app.timeline.groupsFor('up', 'a.txt') } });
    expect(screen.getByTestId('triggered-execution')).toHaveTextContent('running');

    backend.record({ ...exec, status: 'success', durationMs: 7 });
    await waitFor(() => expect(app.timeline.groupsFor('up', 'a.txt')[0]?.events[0]?.executions[0]?.status).toBe('success'));
    // As ObjectDetails' $derived does when the timeline's version changes: a new array of the same groups.
    await view.rerender({ groups: app.timeline.groupsFor('up', 'a.txt') });
    await waitFor(() => expect(screen.getByTestId('triggered-execution')).toHaveTextContent('success'));
    expect(screen.getByTestId('triggered-execution')).toHaveTextContent('7 ms');
  });

  it('says the bucket has no trigger when none is set, and that none matched when one is', async () => {
    const { app, backend, context } = makeApp();
    await Promise.all([app.timeline.start(), app.automation.start()]);
    const base = { time: '2026-11-27T10:00:00.000Z', actionId: 'p1' };
    backend.record({ ...base, type: 'action', actor: 'app', operation: 'PutObject', connectionId: 'local', bucket: 'up', key: 'a.txt', result: 'ok' });
    backend.record({ ...base, type: 'event', eventId: 'ev', connectionId: 'local', eventName: 'cos:ObjectCreated:Put', bucket: 'up', key: 'a.txt', source: 'embedded' });
    await waitFor(() => expect(app.timeline.groupsFor('up', 'a.txt')[0]?.events).toHaveLength(1));
    const view = render(TriggeredList, { context, props: { groups: app.timeline.groupsFor('up', 'a.txt') } });
    expect(view.container).toHaveTextContent('no function ran — the bucket has no trigger');
    backend.triggers.push({ id: 't-up', name: 'jpg only', connectionId: 'local', bucket: 'up', events: ['cos:ObjectCreated:*'], prefix: '', suffix: '.jpg', format: 'cos', functionId: 'f1', enabled: true, createdAt: base.time });
    await app.automation.loadTriggers();
    await waitFor(() => expect(view.container).toHaveTextContent('no function ran — no trigger matched'));
  });
});
