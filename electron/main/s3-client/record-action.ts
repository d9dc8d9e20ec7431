// Runs one mutating S3 call as a recorded action: begin, send with the action id in context, end with what
// the server answered (or the mapped error). Services call this instead of talking to the recorder.
import type { ActionOperation, ActionRecorder, ActionResponseInfo, ObservedObject } from './action-recorder.ts';
import { runInAction, type ActionContext } from './action-context.ts';
import { toAppError, type ErrorContext } from './map-error.ts';

export interface ActionTarget {
  connectionId: string;
  bucket: string;
  key?: string | undefined;
  endpoint?: string | undefined;
  /** The object an error is about when it is not the target (the source of a copy). */
  errorSubject?: { bucket: string; key: string } | undefined;
}

export interface ActionOutcome<T> {
  value: T;
  objects?: ObservedObject[];
  /** Set when the operation that ran differs from the one begun. */
  operation?: ActionOperation;
  status?: number;
  requestId?: string;
}

/**
 * Performs `fn` inside an action and returns its value. Errors are mapped to AppError, recorded, and
 * rethrown. The recorder must never break the call: its own failures are swallowed.
 */
export async function recordAction<T>(
  recorder: ActionRecorder,
  operation: ActionOperation,
  target: ActionTarget,
  fn: (context: ActionContext) => Promise<ActionOutcome<T>>,
): Promise<T> {
  const started = performance.now();
  let actionId: string;
  try {
    actionId = recorder.begin(operation, target.connectionId, target.bucket, target.key);
  } catch {
    actionId = crypto.randomUUID();
  }
  const errorContext: ErrorContext = { endpoint: target.endpoint, bucket: target.bucket, key: target.key, ...target.errorSubject };
  try {
    const outcome = await runInAction(actionId, fn);
    const info: ActionResponseInfo = { durationMs: Math.round(performance.now() - started) };
    if (outcome.operation) info.operation = outcome.operation;
    if (outcome.status !== undefined) info.status = outcome.status;
    if (outcome.requestId) info.requestId = outcome.requestId;
    if (outcome.objects) info.objects = outcome.objects;
    safeEnd(recorder, actionId, 'ok', info);
    return outcome.value;
  } catch (err) {
    const appError = toAppError(err, errorContext);
    const info: ActionResponseInfo = { durationMs: Math.round(performance.now() - started), error: appError.toDto() };
    if (appError.status !== undefined) info.status = appError.status;
    safeEnd(recorder, actionId, 'error', info);
    throw appError;
  }
}

function safeEnd(recorder: ActionRecorder, actionId: string, result: 'ok' | 'error', info: ActionResponseInfo): void {
  try {
    recorder.end(actionId, result, info);
  } catch {
    // The timeline is an observer; a failure there must not turn a successful S3 call into an error.
  }
}
