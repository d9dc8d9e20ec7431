// What an event or execution row of the timeline listbox belongs to, as its accessible description. On screen
// their place under an action is an indent; a screen reader reads the options one by one, flat, so
// "cos:ObjectCreated:Put embedded" alone did not say which upload it was of. Not part of the name: a name other
// than the row's visible text fails WCAG 2.5.3 (label in name) wherever the layout hides a part of the row
// (axe's label-content-name-mismatch flagged it), and what the row shows stays as it was.
import type { TimelineRow } from '../../state/timeline.svelte.ts';
import { opLabel } from './labels.ts';

/**
 * Read after the row's name: 'event of PUT photos/cat.jpg', 'execution of cos:ObjectCreated:Put photos/cat.jpg'.
 * '' for an action row: its own text (time, operation, object, events fired) already says what it is. An event
 * that shows its object itself (one with no action, or standing alone in the Problems list, `context`) is
 * just 'event'.
 */
export function rowContext(row: TimelineRow, context = false): string {
  if (row.kind === 'action') return '';
  if (row.kind === 'event') {
    const a = row.group.action;
    return a && !context ? `event of ${opLabel(a.operation)} ${a.key ? `${a.bucket}/${a.key}` : a.bucket}` : 'event';
  }
  const ev = row.group.events.find((e) => e.event.eventId === row.record.eventId)?.event;
  if (!ev) return 'execution';
  // Standing alone, the row shows the event's object after its result.
  return context ? `execution of ${ev.eventName}` : `execution of ${ev.eventName} ${ev.bucket}/${ev.key}`;
}
