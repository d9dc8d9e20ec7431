// A test invocation from the Functions screen, on the timeline the way a real delivery is: an action
// ("Test invocation of <function>"), the sample event carrying the payload exactly as the handler gets it,
// and the execution under it (recorded by the dispatcher with the ids returned here). The action says
// `test` and the event's source is 'test', so neither is ever taken for a bucket's own notification. A replay of a
// recorded event is the same, with the recorded payload and `test.replayOf` naming the original.
import { randomUUID } from 'node:crypto';
import type { ActionRecord, EventRecord } from '../../shared/timeline.ts';
import type { TimelineStore } from './timeline-store.ts';

export const TEST_INVOCATION_OPERATION = 'TestInvocation';

export interface TestInvocation {
  functionId: string;
  function: string;
  /** The connection whose server the sample event names (the embedded one). */
  connectionId: string;
  /** As the chosen dialect spells it (`cos:ObjectCreated:Put`). */
  eventName: string;
  bucket: string;
  key: string;
  /** The exact payload the handler is invoked with. */
  payload: unknown;
  /** A replay: the recorded event whose payload this is. */
  replayOf?: { eventId: string; seq: number } | undefined;
}

/** Appends the action and its sample event; the execution goes under them with these ids. */
export function recordTestInvocation(timeline: TimelineStore, t: TestInvocation): { actionId: string; eventId: string } {
  const actionId = randomUUID();
  const eventId = randomUUID();
  timeline.append({
    type: 'action',
    actionId,
    actor: 'app',
    operation: TEST_INVOCATION_OPERATION,
    connectionId: t.connectionId,
    bucket: t.bucket,
    key: t.key,
    result: 'ok',
    test: { functionId: t.functionId, function: t.function, ...(t.replayOf !== undefined ? { replayOf: t.replayOf } : {}) },
  } satisfies Omit<ActionRecord, 'seq' | 'time'>);
  timeline.append({
    type: 'event',
    eventId,
    eventName: t.eventName,
    bucket: t.bucket,
    key: t.key,
    source: 'test',
    connectionId: t.connectionId,
    payload: t.payload,
    actionId,
  } satisfies Omit<EventRecord, 'seq' | 'time'>);
  return { actionId, eventId };
}

/**
 * What the timeline says of a custom payload: the first record's event name, bucket and key when it is an S3 or
 * COS notification (the shapes in shared/events), else a plain label. Anything else in it is the user's business.
 */
export function describeCustomPayload(payload: unknown): { eventName: string; bucket: string; key: string } {
  const first = (payload as { Records?: unknown[] } | null)?.Records?.[0] as Record<string, any> | undefined;
  if (first?.cos !== undefined) {
    const bucket = String(first.cos?.cosBucket?.name ?? '');
    // `/<appid>/<bucket>/<key>`, the key as written.
    const path = String(first.cos?.cosObject?.key ?? '');
    const key = path.split('/').slice(3).join('/') || path;
    return { eventName: String(first.event?.eventName ?? 'custom event'), bucket, key };
  }
  if (first?.s3 !== undefined) {
    const raw = String(first.s3?.object?.key ?? '');
    let key = raw;
    try {
      key = decodeURIComponent(raw.replace(/\+/g, ' '));
    } catch {
      // not URL-encoded after all
    }
    return { eventName: String(first.eventName ?? 'custom event'), bucket: String(first.s3?.bucket?.name ?? ''), key };
  }
  return { eventName: 'custom event', bucket: '', key: '' };
}
