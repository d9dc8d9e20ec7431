// AppApi['deliveries']: the dead-letter list (deliveries that failed every attempt).
//
// Constructor: new DeliveriesService({ engine })
//   engine  TriggerEngine (notifications/engine.ts)
import type { AppApi } from '../../shared/contract.ts';
import type { DeadLetterDto } from '../../shared/triggers.ts';
import type { TriggerEngine } from '../notifications/engine.ts';

export class DeliveriesService implements Readonly<AppApi['deliveries']> {
  readonly #engine: TriggerEngine;

  constructor(options: { engine: TriggerEngine }) {
    this.#engine = options.engine;
  }

  async deadLetters(): Promise<DeadLetterDto[]> {
    return this.#engine.deadLetters.list();
  }

  /** Delivers the same payload again (from attempt 1); the new executions appear in the timeline. */
  async redeliver(input: { id: string }): Promise<void> {
    this.#engine.redeliver(input.id);
  }

  async discard(input: { id: string }): Promise<void> {
    this.#engine.deadLetters.take(input.id);
  }
}
