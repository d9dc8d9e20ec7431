// Trigger form logic: event names in the chosen dialect, and switching dialect keeps the same selection; the
// overlap rule main applies on save (electron/shared/trigger-filter.ts), checked while the form is filled in.
import { EVENT_TYPES, type EventType } from '../../../../electron/shared/bucket-event.ts';
import { eventTypesIntersect, findOverlap } from '../../../../electron/shared/trigger-filter.ts';
import { TRIGGER_EVENT_NAMES, type Dialect, type TriggerDto, type TriggerEventName, type TriggerInput } from '../../../../electron/shared/triggers.ts';

export interface TriggerForm {
  id?: string;
  name: string;
  events: TriggerEventName[];
  prefix: string;
  suffix: string;
  format: Dialect;
  functionId: string;
  enabled: boolean;
}

export function eventsFor(format: Dialect): TriggerEventName[] {
  return TRIGGER_EVENT_NAMES.filter((n) => n.startsWith(`${format}:`));
}

/** cos:ObjectRemove:Delete <-> s3:ObjectRemoved:Delete */
export function toDialect(name: TriggerEventName, format: Dialect): TriggerEventName {
  const [, kind, detail] = name.split(':') as [string, string, string];
  const base = kind.startsWith('ObjectRemove') ? (format === 'cos' ? 'ObjectRemove' : 'ObjectRemoved') : 'ObjectCreated';
  return `${format}:${base}:${detail}` as TriggerEventName;
}

/**
 * A trigger to edit, or a new one. A new one selects every ObjectCreated event of every key, unless the bucket
 * has a trigger that already runs on some of those (S3 refuses two configurations sharing an event type for
 * overlapping keys): then the first of every removal event, or a single event type, that no trigger takes.
 * When every event type of every key is taken it keeps ObjectCreated:* and overlapWith() says why it cannot be saved.
 */
export function formFromTrigger(t: TriggerDto | undefined, defaults: { format: Dialect; functionId: string; existing?: readonly TriggerDto[] }): TriggerForm {
  if (t) return { id: t.id, name: t.name, events: [...t.events], prefix: t.prefix, suffix: t.suffix, format: t.format, functionId: t.functionId, enabled: t.enabled };
  const form: TriggerForm = { name: '', events: [], prefix: '', suffix: '', format: defaults.format, functionId: defaults.functionId, enabled: true };
  const wildcards = eventsFor(defaults.format).filter((n) => n.endsWith(':*'));
  const single = eventsFor(defaults.format).filter((n) => !n.endsWith(':*'));
  const free = [...wildcards, ...single].find((n) => overlapWith({ ...form, events: [n] }, defaults.existing ?? []) === undefined);
  form.events = [free ?? toDialect('cos:ObjectCreated:*', defaults.format)];
  return form;
}

export interface Overlap {
  trigger: TriggerDto;
  /** The event types both select, e.g. ['ObjectCreated:Put', …]. */
  shared: EventType[];
}

/** The first other trigger of the bucket this form would clash with, by the rule main applies on save. */
export function overlapWith(form: Pick<TriggerForm, 'id' | 'events' | 'prefix' | 'suffix'>, existing: readonly TriggerDto[]): Overlap | undefined {
  const trigger = findOverlap({ id: form.id ?? '', name: '', events: form.events, prefix: form.prefix, suffix: form.suffix }, existing);
  return trigger && { trigger, shared: eventTypesIntersect(form.events, trigger.events) };
}

/**
 * The shared event types as the trigger's format spells them, a whole family as its wildcard:
 * 'cos:ObjectCreated:*', 's3:ObjectRemoved:Delete' (as main's Conflict message says them).
 */
export function spellShared(shared: readonly EventType[], format: Dialect): string {
  return (['ObjectCreated', 'ObjectRemoved'] as const)
    .flatMap((family) => {
      const all = EVENT_TYPES.filter((t) => t.startsWith(`${family}:`));
      const got = shared.filter((t) => t.startsWith(`${family}:`));
      const names = got.length === all.length ? [`${family}:*`] : got;
      return names.map((n) => toDialect(`cos:${n.replace(/^ObjectRemoved:/, 'ObjectRemove:')}` as TriggerEventName, format));
    })
    .join(', ');
}

export function setFormat(form: TriggerForm, format: Dialect): void {
  form.format = format;
  form.events = [...new Set(form.events.map((e) => toDialect(e, format)))];
}

/** Picking a wildcard makes the specific names of that family redundant, and the other way round. */
export function toggleEvent(form: TriggerForm, name: TriggerEventName): void {
  const family = name.split(':').slice(0, 2).join(':');
  if (form.events.includes(name)) {
    form.events = form.events.filter((e) => e !== name);
  } else if (name.endsWith(':*')) {
    form.events = [...form.events.filter((e) => !e.startsWith(`${family}:`)), name];
  } else {
    form.events = [...form.events.filter((e) => e !== `${family}:*`), name];
  }
}

export function validateTrigger(form: TriggerForm, existing: readonly TriggerDto[] = []): Record<string, string> {
  const errors: Record<string, string> = {};
  if (form.events.length === 0) errors.events = 'Choose at least one event type.';
  else if (overlapWith(form, existing)) errors.events = 'Overlaps another trigger of this bucket: narrow the prefix or suffix, or pick other events.';
  if (!form.functionId) errors.functionId = 'Choose the function to run.';
  return errors;
}

export function toTriggerInput(form: TriggerForm, connectionId: string, bucket: string): TriggerInput {
  const input: TriggerInput = { connectionId, bucket, events: form.events, prefix: form.prefix, suffix: form.suffix, format: form.format, functionId: form.functionId, enabled: form.enabled };
  if (form.id) input.id = form.id;
  if (form.name.trim()) input.name = form.name.trim();
  return input;
}
