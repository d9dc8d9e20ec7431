// AppApi['timeline']: records after a sequence number (or the newest), clear, live subscription for the
// event hub, NDJSON export.
//
// Constructor: new TimelineService({ timeline })
//   timeline  TimelineStore (timeline/timeline-store.ts), e.g. engine.timeline
import type { AppApi } from '../../shared/contract.ts';
import type { TimelineRecord } from '../../shared/timeline.ts';
import type { TimelineListener, TimelineStore } from '../timeline/timeline-store.ts';

export class TimelineService implements Readonly<AppApi['timeline']> {
  readonly #timeline: TimelineStore;

  constructor(options: { timeline: TimelineStore }) {
    this.#timeline = options.timeline;
  }

  /** With afterSeq: the oldest `limit` records after it; without: the newest `limit` (default 1000). */
  async list(input: { afterSeq?: number | undefined; limit?: number | undefined }): Promise<TimelineRecord[]> {
    return this.#timeline.list(input);
  }

  async clear(): Promise<void> {
    await this.#timeline.clear();
  }

  /** Every new record, as it is appended (wire to the event hub's `timeline` push event). */
  subscribe(listener: TimelineListener): () => void {
    return this.#timeline.subscribe(listener);
  }

  /** Writes the kept records as NDJSON; returns how many. */
  exportTo(filePath: string): Promise<number> {
    return this.#timeline.exportTo(filePath);
  }
}
