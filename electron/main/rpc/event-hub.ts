// Push events to every attached renderer, numbered so a renderer that subscribed late or reconnected
// can ask for what it missed (`app.missedEvents`).
import type { AppEvents, EventName, PushEvent } from '../../shared/contract.ts';

export type PushListener = (event: PushEvent) => void;

export class EventHub {
  #seq = 0;
  readonly #recent: PushEvent[] = [];
  readonly #listeners = new Set<PushListener>();

  constructor(private readonly keep = 2000) {}

  emit<N extends EventName>(name: N, payload: AppEvents[N]): void {
    const event = { seq: ++this.#seq, name, payload } as PushEvent;
    this.#recent.push(event);
    if (this.#recent.length > this.keep) this.#recent.splice(0, this.#recent.length - this.keep);
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A broken transport must not stop delivery to the others.
      }
    }
  }

  subscribe(listener: PushListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  since(afterSeq: number): PushEvent[] {
    return this.#recent.filter((event) => event.seq > afterSeq);
  }

  get lastSeq(): number {
    return this.#seq;
  }
}
