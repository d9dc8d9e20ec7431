// Trigger rules as pure data: event selectors x prefix x suffix. Matching and the overlap check S3 applies
// when a notification configuration is saved ("Configurations overlap. Configurations on the same bucket
// cannot share a common event type." — https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html).
import type { EventType } from './bucket-event.ts';
import { expandSelector, selectorsMatch } from './event-names.ts';

export interface TriggerRule {
  id: string;
  name: string;
  events: readonly string[];
  prefix: string;
  suffix: string;
}

/** Does an event of this type for this key fire the rule? */
export function ruleMatches(rule: Pick<TriggerRule, 'events' | 'prefix' | 'suffix'>, type: EventType, key: string): boolean {
  return selectorsMatch(rule.events, type) && key.startsWith(rule.prefix) && key.endsWith(rule.suffix);
}

/** Two prefixes overlap when some key can start with both: one is a prefix of the other ('' overlaps all). */
export function prefixesOverlap(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

/** Two suffixes overlap when some key can end with both: `jpg` and `pg` do, `.jpg` and `.png` do not. */
export function suffixesOverlap(a: string, b: string): boolean {
  return a.endsWith(b) || b.endsWith(a);
}

export function eventTypesIntersect(a: readonly string[], b: readonly string[]): EventType[] {
  const left = new Set(a.flatMap(expandSelector));
  return [...new Set(b.flatMap(expandSelector))].filter((t) => left.has(t));
}

/**
 * The first existing rule that the candidate conflicts with: a shared event type with overlapping prefixes
 * AND overlapping suffixes. Undefined when the candidate may be saved.
 */
export function findOverlap<T extends TriggerRule>(candidate: TriggerRule, existing: readonly T[]): T | undefined {
  return existing.find(
    (other) =>
      other.id !== candidate.id &&
      eventTypesIntersect(candidate.events, other.events).length > 0 &&
      prefixesOverlap(candidate.prefix, other.prefix) &&
      suffixesOverlap(candidate.suffix, other.suffix),
  );
}

export function overlapMessage(other: TriggerRule, candidate: TriggerRule): string {
  const shared = eventTypesIntersect(candidate.events, other.events).join(', ');
  const label = other.name !== '' ? `"${other.name}" (${other.id})` : other.id;
  return (
    `Overlaps trigger ${label}: both select ${shared} with overlapping prefix ` +
    `("${candidate.prefix}" / "${other.prefix}") and suffix ("${candidate.suffix}" / "${other.suffix}"). ` +
    'Configurations on the same bucket cannot share a common event type for overlapping keys.'
  );
}
