// Trigger form logic: event names in the chosen dialect, and switching dialect keeps the same selection.
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

export function formFromTrigger(t: TriggerDto | undefined, defaults: { format: Dialect; functionId: string }): TriggerForm {
  if (t) return { id: t.id, name: t.name, events: [...t.events], prefix: t.prefix, suffix: t.suffix, format: t.format, functionId: t.functionId, enabled: t.enabled };
  return { name: '', events: [toDialect('cos:ObjectCreated:*', defaults.format)], prefix: '', suffix: '', format: defaults.format, functionId: defaults.functionId, enabled: true };
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

export function validateTrigger(form: TriggerForm): Record<string, string> {
  const errors: Record<string, string> = {};
  if (form.events.length === 0) errors.events = 'Choose at least one event type.';
  if (!form.functionId) errors.functionId = 'Choose the function to run.';
  return errors;
}

export function toTriggerInput(form: TriggerForm, connectionId: string, bucket: string): TriggerInput {
  const input: TriggerInput = { connectionId, bucket, events: form.events, prefix: form.prefix, suffix: form.suffix, format: form.format, functionId: form.functionId, enabled: form.enabled };
  if (form.id) input.id = form.id;
  if (form.name.trim()) input.name = form.name.trim();
  return input;
}
