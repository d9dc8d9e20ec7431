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

  constructor(
    private readonly missingAfterMs: number,
    private readonly onMissing: (e: Expectation) => void,
  ) {}

  /** Connections whose server delivers events to the app: their actions expect events instead of observing them. */
  watch(connectionId: string, on = true): void {
    if (on) this.watched.add(connectionId);
    else this.watched.delete(connectionId);
  }

  isWatched(connectionId: string): boolean {
    return this.watched.has(connectionId);
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
