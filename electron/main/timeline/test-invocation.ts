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
