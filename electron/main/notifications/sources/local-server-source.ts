// Native events of the embedded server. Requests from other clients (aws-cli, a script, a handler using
// its own credentials) carry no app action id: each such request becomes one `external` action record,
// so every event in the timeline hangs under an action.
import type { BucketEvent, EventType } from '../../../shared/bucket-event.ts';
import type { TimelineStore } from '../../timeline/timeline-store.ts';

const OPERATION: Record<EventType, string> = {
  'ObjectCreated:Put': 'PutObject',
  'ObjectCreated:Post': 'PostObject',
  'ObjectCreated:Copy': 'CopyObject',
  'ObjectCreated:CompleteMultipartUpload': 'CompleteMultipartUpload',
  'ObjectRemoved:Delete': 'DeleteObject',
  'ObjectRemoved:DeleteMarkerCreated': 'DeleteObject',
};

const REMEMBERED = 10_000;

export class LocalServerSource {
  /** requestId -> external action id (a DeleteObjects request fires many events, one action). */
  private external = new Map<string, string>();

  constructor(
    private readonly connectionId: string,
    private readonly timeline: TimelineStore,
    private readonly handle: (connectionId: string, event: BucketEvent) => void,
  ) {}

  /** The listener to register with the server's onEvent. */
  readonly listener = (event: BucketEvent): void => {
    this.handle(this.connectionId, event.actionId !== undefined ? event : { ...event, actionId: this.externalAction(event) });
  };

  private externalAction(event: BucketEvent): string {
    const known = this.external.get(event.requestId);
    if (known !== undefined) return known;
    const actionId = `ext-${event.requestId || event.sequencer}`;
    this.external.set(event.requestId, actionId);
    if (this.external.size > REMEMBERED) this.external.delete(this.external.keys().next().value as string);
    this.timeline.append({
      type: 'action',
      actionId,
      actor: 'external',
      operation: OPERATION[event.type],
      connectionId: this.connectionId,
      bucket: event.bucket,
      key: event.key,
      ...(event.userAgent ? { userAgent: event.userAgent } : {}),
      ...(event.sourceIp ? { sourceIp: event.sourceIp } : {}),
      result: 'ok',
    });
    return actionId;
  }
}
