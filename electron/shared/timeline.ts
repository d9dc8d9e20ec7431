// Timeline records: one action, the events it fired, the executions they caused. The same records are
// pushed to the renderer, persisted as NDJSON and printed by the headless server (`--config`).
import type { EventSource } from './bucket-event.ts';
import type { AppErrorDto } from './errors.ts';

interface RecordBase {
  /** Monotonic across restarts; the renderer asks for records after the last one it saw. */
  seq: number;
  /** ISO-8601. */
  time: string;
  /** Ties events and executions to the action that caused them (absent for unattributed events). */
  actionId?: string;
}

export interface ActionRecord extends RecordBase {
  type: 'action';
  actionId: string;
  /** 'app' for the UI's own actions; 'external' for another client talking to the embedded server. */
  actor: 'app' | 'external';
  operation: string;
  connectionId: string;
  bucket: string;
  key?: string;
  /** An external action's client, as its request named itself (User-Agent), and the address it came from. */
  userAgent?: string;
  sourceIp?: string;
  result: 'ok' | 'error';
  error?: AppErrorDto;
  durationMs?: number;
  /**
   * Set on a test invocation (operation 'TestInvocation'): the function it ran, and for a replay the recorded
   * event whose payload it got again. No bucket was touched; bucket and key are the sample event's.
   */
  test?: { functionId: string; function: string; replayOf?: { eventId: string; seq: number } };
}

/** Where an event record came from: a bucket event's source, or 'test' for a test invocation's sample event. */
export type EventRecordSource = EventSource | 'test';

export interface EventRecord extends RecordBase {
  type: 'event';
  eventId: string;
  /** As the matching trigger's dialect spells it (`cos:ObjectCreated:Put`, `ObjectCreated:Put`). */
  eventName: string;
  bucket: string;
  key: string;
  versionId?: string;
  source: EventRecordSource;
  triggerId?: string;
  /** The payload exactly as delivered to the function. */
  payload?: unknown;
  /** Webhook-received events: ms between the action's response and arrival. */
  latencyMs?: number;
  /** Expected event that never arrived (remote connections with a webhook source). */
  missing?: boolean;
  connectionId?: string;
  /** Set when a function's own write caused this event (the chain the recursion guard watches). */
  causedBy?: { executionId: string; function: string; depth: number };
}

export type ExecutionStatus = 'running' | 'success' | 'error' | 'timeout' | 'out-of-memory' | 'skipped';

export interface ExecutionRecord extends RecordBase {
  type: 'execution';
  executionId: string;
  eventId: string;
  function: string;
  functionId: string;
  triggerId: string;
  attempt: number;
  status: ExecutionStatus;
  cold: boolean;
  initDurationMs?: number;
  startedAt: string;
  durationMs: number;
  logs: string[];
  result?: unknown;
  /** Set when the result was too big to keep whole: `result` is then the start of its JSON text. */
  resultClipped?: { bytes: number };
  error?: { message: string; stack?: string };
  /** Why the execution was skipped (recursion guard) or what happens next (retry in N ms, dead letter). */
  note?: string;
}

export type TimelineRecord = ActionRecord | EventRecord | ExecutionRecord;

/**
 * What the timeline keeps (main's store, on disk and in memory; the window alike): the newest records, at most this
 * many and about this many bytes of NDJSON, whichever comes first. Chatty handlers (512 K characters of logs a run)
 * would otherwise grow the history to gigabytes within the record count.
 */
export const TIMELINE_MAX_RECORDS = 50_000;
export const TIMELINE_MAX_BYTES = 100 * 1024 * 1024;
