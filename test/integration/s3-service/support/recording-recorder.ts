// An ActionRecorder that keeps what it was told, so tests can check what the timeline would receive.
import { randomUUID } from 'node:crypto';
import type { ActionOperation, ActionRecorder, ActionResponseInfo } from '../../../../electron/main/s3-client/action-recorder.ts';

export interface RecordedAction {
  id: string;
  operation: ActionOperation;
  connectionId: string;
  bucket: string;
  key: string | undefined;
  result?: 'ok' | 'error';
  info?: ActionResponseInfo;
}

export class RecordingRecorder implements ActionRecorder {
  readonly actions: RecordedAction[] = [];

  begin(operation: ActionOperation, connectionId: string, bucket: string, key?: string): string {
    const id = randomUUID();
    this.actions.push({ id, operation, connectionId, bucket, key });
    return id;
  }

  end(actionId: string, result: 'ok' | 'error', info: ActionResponseInfo): void {
    const action = this.actions.find((a) => a.id === actionId);
    if (!action) throw new Error(`end() for unknown action ${actionId}`);
    action.result = result;
    action.info = info;
  }

  clear(): void {
    this.actions.length = 0;
  }
}
