// AppApi['triggers']: thin orchestration over the trigger engine's store.
//
// Constructor: new TriggersService({ engine })
//   engine  TriggerEngine (notifications/engine.ts)
import type { AppApi } from '../../shared/contract.ts';
import type { TriggerDto, TriggerInput } from '../../shared/triggers.ts';
import type { TriggerEngine } from '../notifications/engine.ts';

export class TriggersService implements Readonly<AppApi['triggers']> {
  readonly #engine: TriggerEngine;

  constructor(options: { engine: TriggerEngine }) {
    this.#engine = options.engine;
  }

  async list(input?: { connectionId?: string | undefined; bucket?: string | undefined }): Promise<TriggerDto[]> {
    return this.#engine.triggers.list(input ?? {});
  }

  async save(input: TriggerInput): Promise<TriggerDto> {
    return this.#engine.triggers.save(input);
  }

  async remove(input: { id: string }): Promise<void> {
    this.#engine.triggers.remove(input.id);
  }

  async setEnabled(input: { id: string; enabled: boolean }): Promise<TriggerDto> {
    return this.#engine.triggers.setEnabled(input.id, input.enabled);
  }
}
