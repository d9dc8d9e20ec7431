// Ties server-delivered events (webhook receiver, MinIO ListenNotification) to the app actions that
// caused them: an action on a watched connection registers the events it should fire; a matching arrival
// claims one (giving the latency since the action's response); one that never arrives is reported missing.
import type { BucketEvent, EventType } from '../../../shared/bucket-event.ts';

export interface Expectation {
  connectionId: string;
  actionId: string;
  type: EventType;
  bucket: string;
  key: string;
  /** Epoch ms when the action's response arrived. */
  respondedAt: number;
}

interface Pending extends Expectation {
  timer: NodeJS.Timeout;
}

export class Correlator {
  private pending = new Map<string, Pending[]>();
  private watched = new Set<string>();
  /** Connections watched for some buckets only (MinIO listen follows the buckets that have triggers). */
  private onlyBuckets = new Map<string, Set<string>>();

  constructor(
    private readonly missingAfterMs: number,
    private readonly onMissing: (e: Expectation) => void,
  ) {}

  /** Connections whose server delivers events to the app: their actions expect events instead of observing them. */
  watch(connectionId: string, on = true, buckets?: Iterable<string>): void {
    if (on) this.watched.add(connectionId);
    else this.watched.delete(connectionId);
    if (on && buckets !== undefined) this.onlyBuckets.set(connectionId, new Set(buckets));
    else this.onlyBuckets.delete(connectionId);
  }

  /** Whether actions on this connection (and bucket, when the watch names buckets) expect delivered events. */
  isWatched(connectionId: string, bucket?: string): boolean {
    if (!this.watched.has(connectionId)) return false;
    const only = this.onlyBuckets.get(connectionId);
    return only === undefined || bucket === undefined || only.has(bucket);
  }

  expect(e: Expectation): void {
    const id = slot(e.connectionId, e.bucket, e.key);
    const timer = setTimeout(() => {
      const list = this.pending.get(id)?.filter((p) => p.timer !== timer) ?? [];
      if (list.length === 0) this.pending.delete(id);
      else this.pending.set(id, list);
      this.onMissing(e);
    }, this.missingAfterMs);
    timer.unref();
    this.pending.set(id, [...(this.pending.get(id) ?? []), { ...e, timer }]);
  }

  /** The oldest expectation this arrival satisfies (removed), or undefined. */
  claim(connectionId: string, event: BucketEvent): Expectation | undefined {
    const id = slot(connectionId, event.bucket, event.key);
    const list = this.pending.get(id);
    const index = list?.findIndex((p) => p.type === event.type) ?? -1;
    if (list === undefined || index < 0) return undefined;
    const [exp] = list.splice(index, 1);
    if (list.length === 0) this.pending.delete(id);
    clearTimeout(exp!.timer);
    return exp;
  }

  close(): void {
    for (const list of this.pending.values()) for (const p of list) clearTimeout(p.timer);
    this.pending.clear();
  }
}

function slot(connectionId: string, bucket: string, key: string): string {
  return `${connectionId}\u0000${bucket}\u0000${key}`;
}
