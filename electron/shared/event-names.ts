// Event names per dialect. BucketEvent types carry S3 semantics without a prefix (`ObjectRemoved:Delete`);
// COS spells the removal family `ObjectRemove` and keeps its `cos:` prefix in deliveries, S3 records drop
// the `s3:` prefix that configurations use.
// COS: https://www.tencentcloud.com/document/product/583/9707  S3: https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html
import { EVENT_TYPES, type EventType } from './bucket-event.ts';
import type { Dialect, TriggerEventName } from './triggers.ts';

export type EventFamily = 'ObjectCreated' | 'ObjectRemoved';

/** A parsed trigger selector: a family and either one event or every event of the family. */
export interface EventSelector {
  family: EventFamily;
  /** '*' or the part after the family, e.g. 'Put'. */
  name: string;
}

/** `cos:ObjectRemove:Delete` / `s3:ObjectRemoved:*` -> selector; throws on anything else. */
export function parseSelector(spelled: string): EventSelector {
  const m = /^(cos|s3):(ObjectCreated|ObjectRemove|ObjectRemoved):(\*|[A-Za-z]+)$/.exec(spelled);
  if (m === null) throw new Error(`Unknown event type "${spelled}"`);
  const [, dialect, familyWord, name] = m as unknown as [string, Dialect, string, string];
  // Each provider spells the removal family its own way; accept only the right one so the saved trigger
  // reads the way the provider's console shows it.
  if (familyWord === 'ObjectRemove' && dialect === 's3') throw new Error(`S3 spells it s3:ObjectRemoved:${name}`);
  if (familyWord === 'ObjectRemoved' && dialect === 'cos') throw new Error(`COS spells it cos:ObjectRemove:${name}`);
  const family: EventFamily = familyWord === 'ObjectCreated' ? 'ObjectCreated' : 'ObjectRemoved';
  if (name !== '*' && !EVENT_TYPES.includes(`${family}:${name}` as EventType)) {
    throw new Error(`Unknown event type "${spelled}"`);
  }
  return { family, name };
}

/** The concrete event types a selector stands for (wildcards expanded). */
export function expandSelector(spelled: string): EventType[] {
  const sel = parseSelector(spelled);
  if (sel.name === '*') return EVENT_TYPES.filter((t) => t.startsWith(`${sel.family}:`));
  return [`${sel.family}:${sel.name}` as EventType];
}

/** Does any of the trigger's selectors match this event type? */
export function selectorsMatch(selectors: readonly string[], type: EventType): boolean {
  return selectors.some((s) => expandSelector(s).includes(type));
}

/**
 * The event name as a delivery in that dialect carries it: COS keeps `cos:` and says `ObjectRemove`;
 * S3 records have no prefix (`ObjectCreated:Put`).
 */
export function deliveredEventName(type: EventType, dialect: Dialect): string {
  if (dialect === 's3') return type;
  return `cos:${type.replace(/^ObjectRemoved:/, 'ObjectRemove:')}`;
}

/** The configuration spelling (`s3:ObjectRemoved:Delete`, `cos:ObjectRemove:Delete`) of an event type. */
export function configEventName(type: EventType, dialect: Dialect): TriggerEventName {
  return (dialect === 's3' ? `s3:${type}` : deliveredEventName(type, 'cos')) as TriggerEventName;
}

/**
 * Normalises a name from any source (MinIO keeps `s3:`, COS says `ObjectRemove`) to a BucketEvent type.
 * Returns undefined for names outside the object created/removed families (e.g. s3:TestEvent).
 */
export function normaliseEventName(raw: string): EventType | undefined {
  const bare = raw.replace(/^(s3|cos):/, '').replace(/^ObjectRemove:/, 'ObjectRemoved:');
  return EVENT_TYPES.includes(bare as EventType) ? (bare as EventType) : undefined;
}
