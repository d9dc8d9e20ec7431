// Ties server-delivered events (webhook receiver, MinIO ListenNotification) to the app actions that
// caused them: an action on a watched connection registers the events it should fire; a matching arrival
// claims one (giving the latency since the action's response); one that never arrives is reported missing.
import type { BucketEvent, EventSource, EventType } from '../../../shared/bucket-event.ts';

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

/** An arrival that came before the action it belongs to had ended. */
interface Waiter {
  type: EventType;
  timer: NodeJS.Timeout;
  resolve(e: Expectation | undefined): void;
}

export class Correlator {
  private pending = new Map<string, Pending[]>();
  private watched = new Set<string>();
  /** Connections watched for some buckets only (MinIO listen follows the buckets that have triggers). */
  private onlyBuckets = new Map<string, Set<string>>();
  private waiting = new Map<string, Waiter[]>();
  /** How each watched connection's events arrive, for the label of a missing one. */
  private sources = new Map<string, EventSource>();

  constructor(
    private missingAfterMs: number,
    private readonly onMissing: (e: Expectation) => void,
  ) {}

  /** Applies to expectations registered from now on (settings change at run time). */
  setMissingAfter(ms: number): void {
    this.missingAfterMs = ms;
  }

  /** Connections whose server delivers events to the app: their actions expect events instead of observing them. */
  watch(connectionId: string, on = true, buckets?: Iterable<string>, source: EventSource = 'webhook'): void {
    if (on) this.watched.add(connectionId);
    else this.watched.delete(connectionId);
    if (on) this.sources.set(connectionId, source);
    else this.sources.delete(connectionId);
    if (on && buckets !== undefined) this.onlyBuckets.set(connectionId, new Set(buckets));
    else this.onlyBuckets.delete(connectionId);
  }

  /** How the connection's events are delivered ('webhook' unless watched otherwise). */
  sourceOf(connectionId: string): EventSource {
    return this.sources.get(connectionId) ?? 'webhook';
  }

  /** Whether actions on this connection (and bucket, when the watch names buckets) expect delivered events. */
  isWatched(connectionId: string, bucket?: string): boolean {
    if (!this.watched.has(connectionId)) return false;
    const only = this.onlyBuckets.get(connectionId);
    return only === undefined || bucket === undefined || only.has(bucket);
  }

  expect(e: Expectation): void {
    const id = slot(e.connectionId, e.bucket, e.key);
    // The server may have notified before the app had read its response (loopback, a fast MinIO).
    const waiters = this.waiting.get(id);
    const early = waiters?.findIndex((w) => w.type === e.type) ?? -1;
    if (waiters !== undefined && early >= 0) {
      const [w] = waiters.splice(early, 1);
      if (waiters.length === 0) this.waiting.delete(id);
      clearTimeout(w!.timer);
      w!.resolve(e);
      return;
    }
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

  /**
   * Like claim, but an arrival on a watched connection that matches nothing yet waits up to `graceMs` for
   * its action to end: a server can notify before the app has read the response of the request that
   * caused it. Resolves undefined for an arrival no action explains (another client's write).
   */
  claimOrWait(connectionId: string, event: BucketEvent, graceMs: number): Promise<Expectation | undefined> {
    const claimed = this.claim(connectionId, event);
    if (claimed !== undefined || graceMs <= 0 || !this.isWatched(connectionId, event.bucket)) return Promise.resolve(claimed);
    const id = slot(connectionId, event.bucket, event.key);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        type: event.type,
        resolve,
        timer: setTimeout(() => {
          const list = this.waiting.get(id)?.filter((w) => w !== waiter) ?? [];
          if (list.length === 0) this.waiting.delete(id);
          else this.waiting.set(id, list);
          resolve(undefined);
        }, graceMs),
      };
      waiter.timer.unref();
      this.waiting.set(id, [...(this.waiting.get(id) ?? []), waiter]);
    });
  }

  close(): void {
    for (const list of this.pending.values()) for (const p of list) clearTimeout(p.timer);
    this.pending.clear();
    for (const list of this.waiting.values()) for (const w of list) {
      clearTimeout(w.timer);
      w.resolve(undefined);
    }
    this.waiting.clear();
  }
}

function slot(connectionId: string, bucket: string, key: string): string {
  return `${connectionId}\u0000${bucket}\u0000${key}`;
}
