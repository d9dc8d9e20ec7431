// The timeline side of the S3 layer's ActionRecorder seam: each mutating call of the app becomes one
// `action` record when it ends; `onEnded` lets the trigger engine turn the response into observed events
// (remote connections) or webhook expectations.
import { randomUUID } from 'node:crypto';
import type { ActionRecord } from '../../shared/timeline.ts';
import type { ActionOperation, ActionRecorder, ActionResponseInfo } from '../s3-client/action-recorder.ts';
import type { TimelineStore } from './timeline-store.ts';

interface Begun {
  operation: ActionOperation;
  connectionId: string;
  bucket: string;
  key: string | undefined;
}

export class TimelineActionRecorder implements ActionRecorder {
  private begun = new Map<string, Begun>();

  constructor(
    private readonly timeline: TimelineStore,
    private readonly onEnded?: (action: ActionRecord, info: ActionResponseInfo) => void,
  ) {}

  begin(operation: ActionOperation, connectionId: string, bucket: string, key?: string): string {
    const actionId = randomUUID();
    this.begun.set(actionId, { operation, connectionId, bucket, key });
    return actionId;
  }

  end(actionId: string, result: 'ok' | 'error', info: ActionResponseInfo): void {
    const begun = this.begun.get(actionId);
    if (begun === undefined) return;
    this.begun.delete(actionId);
    const record = this.timeline.append({
      type: 'action',
      actionId,
      actor: 'app',
      operation: info.operation ?? begun.operation,
      connectionId: begun.connectionId,
      bucket: begun.bucket,
      ...(begun.key !== undefined ? { key: begun.key } : {}),
      result,
      ...(info.error !== undefined ? { error: info.error } : {}),
      durationMs: info.durationMs,
    }) as ActionRecord;
    this.onEnded?.(record, info);
  }
}
