// AppApi['triggers']: thin orchestration over the trigger engine's store.
//
// Constructor: new TriggersService({ engine })
//   engine  TriggerEngine (notifications/engine.ts)
import type { AppApi } from '../../shared/contract.ts';
import { AppError } from '../../shared/errors.ts';
import type { Dialect, TriggerDto, TriggerInput } from '../../shared/triggers.ts';
import type { EventType } from '../../shared/bucket-event.ts';
import type { TriggerEngine } from '../notifications/engine.ts';
import { configEventName, expandSelector } from '../../shared/event-names.ts';
import { eventTypesIntersect, findOverlap } from '../../shared/trigger-filter.ts';

export class TriggersService implements Readonly<AppApi['triggers']> {
  readonly #engine: TriggerEngine;

  constructor(options: { engine: TriggerEngine }) {
    this.#engine = options.engine;
  }

  async list(input?: { connectionId?: string | undefined; bucket?: string | undefined }): Promise<TriggerDto[]> {
    return this.#engine.triggers.list(input ?? {});
  }

  async save(input: TriggerInput): Promise<TriggerDto> {
    try {
      return this.#engine.triggers.save(input);
    } catch (err) {
      throw this.#explainOverlap(err, input);
    }
  }

  async remove(input: { id: string }): Promise<void> {
    this.#engine.triggers.remove(input.id);
  }

  async setEnabled(input: { id: string; enabled: boolean }): Promise<TriggerDto> {
    return this.#engine.triggers.setEnabled(input.id, input.enabled);
  }

  /**
   * The store names an overlapping trigger by its configuration id (`trg-0739c738`), which is right for a
   * notification configuration but means nothing in the window, where a trigger is its function and filter.
   * Says it the way the Triggers tab shows it, and what to do. The same for a name another trigger has.
   */
  #explainOverlap(err: unknown, input: TriggerInput): unknown {
    if (!(err instanceof AppError) || err.code !== 'Conflict') return err;
    if (err.fields?.name !== undefined && input.name) {
      const twin = this.#engine.triggers.list({ connectionId: input.connectionId, bucket: input.bucket }).find((t) => t.id !== input.id && t.name === input.name);
      if (twin === undefined) return err;
      const fn = this.#engine.functions.get(twin.functionId)?.name ?? 'a deleted function';
      const filter = twin.prefix || twin.suffix ? `${twin.prefix}*${twin.suffix}` : 'every key';
      return new AppError({
        code: 'Conflict',
        message: `Another trigger of ${input.bucket} is already named “${input.name}” (it runs ${fn} on ${filter}).`,
        hint: 'Names identify a bucket’s triggers in its notification configuration: choose another, or leave it empty.',
        fields: { name: 'Already used by another trigger of this bucket' },
      });
    }
    if (err.fields?.events === undefined) return err;
    const candidate = { id: input.id ?? '', name: input.name ?? '', events: input.events, prefix: input.prefix ?? '', suffix: input.suffix ?? '' };
    const other = findOverlap(candidate, this.#engine.triggers.list({ connectionId: input.connectionId, bucket: input.bucket }));
    if (other === undefined) return err;
    const fn = this.#engine.functions.get(other.functionId)?.name ?? 'a deleted function';
    const filter = other.prefix || other.suffix ? `${other.prefix}*${other.suffix}` : 'every key';
    const who = other.name ? `“${other.name}” (${fn}, ${filter})` : `that runs ${fn} on ${filter}`;
    const shared = spellEvents(eventTypesIntersect(candidate.events, other.events), input.format);
    return new AppError({
      code: 'Conflict',
      message: `Overlaps the trigger ${who}: both would run on ${shared} for the same keys.`,
      hint: 'A bucket’s triggers may not share an event type for keys both filters match (as in S3). Narrow the prefix or suffix, pick other events, or edit that trigger.',
      fields: { events: `Overlaps the trigger ${who}` },
    });
  }
}

/** Event types as the trigger's format spells them; a whole family as its wildcard (`cos:ObjectCreated:*`). */
function spellEvents(types: EventType[], format: Dialect): string {
  const names: string[] = [];
  const left = new Set(types);
  for (const wildcard of format === 's3' ? ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'] : ['cos:ObjectCreated:*', 'cos:ObjectRemove:*']) {
    const family = expandSelector(wildcard);
    if (family.every((t) => left.has(t))) {
      names.push(wildcard);
      for (const t of family) left.delete(t);
    }
  }
  for (const t of left) names.push(configEventName(t, format));
  return names.join(', ');
}
