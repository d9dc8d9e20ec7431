import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import TimelineRowView from './TimelineRowView.svelte';
import type { TimelineGroup, TimelineRow } from '../../state/timeline.svelte.ts';
import type { ActionRecord, EventRecord, ExecutionRecord } from '../../../../electron/shared/timeline.ts';

const action: ActionRecord = {
  type: 'action', seq: 1, time: '2026-11-27T10:00:00.000Z', actionId: 'a1', actor: 'app', operation: 'PutObject',
  connectionId: 'minio', bucket: 'inbox', key: 'cat.jpg', result: 'ok', durationMs: 12,
};
const event = (extra: Partial<EventRecord>): EventRecord => ({
  type: 'event', seq: 2, time: '2026-11-27T10:00:00.040Z', actionId: 'a1', eventId: 'e1', eventName: 'cos:ObjectCreated:Put',
  bucket: 'inbox', key: 'cat.jpg', source: 'webhook', connectionId: 'minio', ...extra,
});
function row(record: EventRecord): TimelineRow {
  const group: TimelineGroup = { id: 'a1', firstSeq: 1, action, events: [{ event: record, executions: [] }] };
  return { kind: 'event', id: `e:${record.eventId}`, group, record };
}

describe('timeline event row', () => {
  it('shows a server-delivered event with its delivery latency', () => {
    render(TimelineRowView, { props: { row: row(event({ latencyMs: 38 })), selected: false, posinset: 1, setsize: 1, onselect: () => undefined } });
    expect(screen.getByTestId('event-latency')).toHaveTextContent('+38 ms');
    expect(screen.getByTestId('event-latency').getAttribute('title')).toContain('after the app got the action');
    expect(screen.getByText('webhook')).toBeInTheDocument();
    expect(screen.queryByTestId('event-missing')).toBeNull();
  });

  it("says a MinIO stream's event came from the server", () => {
    render(TimelineRowView, { props: { row: row(event({ source: 'minio-listen', latencyMs: 3 })), selected: false, posinset: 1, setsize: 1, onselect: () => undefined } });
    expect(screen.getByText('minio-listen').getAttribute('title')).toContain('ListenNotification');
    expect(screen.getByTestId('event-latency')).toHaveTextContent('+3 ms');
  });

  it('labels a test invocation and its sample event as a test', () => {
    const test: ActionRecord = { ...action, operation: 'TestInvocation', test: { functionId: 'f1', function: 'make-thumb' } };
    const sample = event({ source: 'test', payload: { Records: [] } });
    const group: TimelineGroup = { id: 'a1', firstSeq: 1, action: test, events: [{ event: sample, executions: [] }] };
    render(TimelineRowView, { props: { row: { kind: 'action', id: 'a:a1', group, record: test }, selected: false, posinset: 1, setsize: 1, onselect: () => undefined } });
    expect(screen.getByTestId('test-invocation')).toHaveTextContent('Test invocation of make-thumb');
    expect(screen.getByText('TEST')).toBeInTheDocument();
    render(TimelineRowView, { props: { row: { kind: 'event', id: 'e:e1', group, record: sample }, selected: false, posinset: 1, setsize: 1, onselect: () => undefined } });
    expect(screen.getByText('test').getAttribute('title')).toContain('not delivered by any bucket');
  });

  it('flags an expected event that never arrived', () => {
    render(TimelineRowView, { props: { row: row(event({ missing: true, eventId: 'missing-a1-cat.jpg' })), selected: false, posinset: 1, setsize: 1, onselect: () => undefined } });
    expect(screen.getByTestId('event-missing')).toHaveTextContent('missing — expected, never arrived');
    expect(screen.queryByTestId('event-latency')).toBeNull();
  });

  it('stands alone in the Problems list: its own time and the object instead of an indent', () => {
    render(TimelineRowView, { props: { row: row(event({ missing: true })), selected: false, posinset: 1, setsize: 1, onselect: () => undefined, context: true } });
    const el = screen.getByTestId('timeline-row');
    // Its time (dated when not today's).
    expect(el).toHaveTextContent(/^\s*([A-Z][a-z]{2} \d{1,2} )?\d{2}:\d{2}/);
    expect(el).toHaveTextContent('inbox/cat.jpg');
    expect(screen.getByTestId('event-missing')).toBeInTheDocument();
  });
});

describe('timeline execution row', () => {
  const execution = (extra: Partial<ExecutionRecord>): TimelineRow => {
    const record: ExecutionRecord = {
      type: 'execution', seq: 3, time: '2026-11-27T10:00:00.050Z', actionId: 'a1', executionId: 'x1', eventId: 'e1', function: 'thumbnailer',
      functionId: 'f1', triggerId: 't1', attempt: 1, status: 'success', cold: false, startedAt: '2026-11-27T10:00:00.049Z', durationMs: 0.31, logs: [], ...extra,
    };
    const group: TimelineGroup = { id: 'a1', firstSeq: 1, action, events: [{ event: event({}), executions: [record] }] };
    return { kind: 'execution', id: 'x:x1', group, record };
  };

  it('shows a warm run of a fraction of a millisecond as <1 ms (it read 0 ms), the measured value in its tooltip', () => {
    render(TimelineRowView, { props: { row: execution({}), selected: false, posinset: 3, setsize: 3, onselect: () => undefined } });
    const el = screen.getByTestId('timeline-row');
    expect(el).toHaveTextContent('<1 ms');
    expect(el).not.toHaveTextContent('0 ms');
    expect(screen.getByText('<1 ms').getAttribute('title')).toBe('0.31 ms');
    // An option of the timeline's listbox, placed in the whole (virtualized) list.
    expect(el.getAttribute('role')).toBe('option');
    expect(el.getAttribute('aria-posinset')).toBe('3');
  });

  it('shows no duration for a run that was skipped (it never ran)', () => {
    render(TimelineRowView, { props: { row: execution({ status: 'skipped', durationMs: 0, note: 'recursion guard' }), selected: false, posinset: 1, setsize: 1, onselect: () => undefined } });
    expect(screen.getByTestId('timeline-row')).not.toHaveTextContent(/\d ms/);
  });
});

// The listbox is flat to a screen reader: an event or execution option says what it belongs to (the indent under
// its action is only visual), as its description; its name stays its visible text (WCAG 2.5.3, label in name)
// and what the row shows is unchanged.
describe('timeline option descriptions', () => {
  const exec: ExecutionRecord = {
    type: 'execution', seq: 3, time: '2026-11-27T10:00:00.050Z', actionId: 'a1', executionId: 'x1', eventId: 'e1', function: 'thumbnailer',
    functionId: 'f1', triggerId: 't1', attempt: 2, status: 'error', cold: true, startedAt: '2026-11-27T10:00:00.049Z', durationMs: 12,
    logs: [], error: { message: 'no such key' },
  };
  const ev = event({ latencyMs: 38 });
  const group: TimelineGroup = { id: 'a1', firstSeq: 1, action, events: [{ event: ev, executions: [exec] }] };
  const props = { selected: false, posinset: 1, setsize: 3, onselect: () => undefined };

  it('describes an event as of its action, and an execution as of its event', () => {
    render(TimelineRowView, { props: { ...props, row: { kind: 'action', id: 'a:a1', group, record: action } } });
    render(TimelineRowView, { props: { ...props, row: { kind: 'event', id: 'e:e1', group, record: ev } } });
    render(TimelineRowView, { props: { ...props, row: { kind: 'execution', id: 'x:x1', group, record: exec } } });
    const options = screen.getAllByRole('option');
    for (const o of options) expect(o).not.toHaveAttribute('aria-label');
    expect(options[0]).toHaveAccessibleDescription('');
    expect(options[1]).toHaveAccessibleName('cos:ObjectCreated:Put webhook +38 ms');
    expect(options[1]).toHaveAccessibleDescription('event of PUT inbox/cat.jpg');
    expect(options[2]).toHaveAccessibleName('thumbnailer error cold 12 ms attempt 2 no such key');
    expect(options[2]).toHaveAccessibleDescription('execution of cos:ObjectCreated:Put inbox/cat.jpg');
    // What is shown is unchanged: the event row still has no object (its action above shows it).
    expect(options[1]).not.toHaveTextContent('inbox/cat.jpg');
  });

  it('describes an event with no action, which shows its object, as an event', () => {
    const alone: TimelineGroup = { id: 'e1', firstSeq: 2, events: [{ event: ev, executions: [] }] };
    render(TimelineRowView, { props: { ...props, row: { kind: 'event', id: 'e:e1', group: alone, record: ev } } });
    expect(screen.getByRole('option')).toHaveAccessibleDescription('event');
  });

  it('describes an execution of the Problems list (which shows its object) by its event', () => {
    render(TimelineRowView, { props: { ...props, context: true, row: { kind: 'execution', id: 'x:x1', group, record: exec } } });
    expect(screen.getByRole('option')).toHaveAccessibleDescription('execution of cos:ObjectCreated:Put');
  });
});
