// The accessible name of an event or execution row of the timeline listbox. On screen their place under an
// action is an indent; a screen reader reads options one by one, flat, so "cos:ObjectCreated:Put webhook"
// alone did not say which upload it was of. The name says what the row belongs to, then what the row shows.
import type { TimelineRow } from '../../state/timeline.svelte.ts';
import { formatClock, formatDuration } from '../../lib/format/format.ts';
import { opLabel, resultPreview, STATUS_LABEL } from './labels.ts';

/** undefined for an action row: its own text (time, operation, object, events fired) already names it. */
export function rowAccessibleName(row: TimelineRow, context = false): string | undefined {
  if (row.kind === 'action') return undefined;
  const action = row.group.action;
  if (row.kind === 'event') {
    const r = row.record;
    const of = action ? `${opLabel(action.operation)} ${action.key ? `${action.bucket}/${action.key}` : action.bucket}` : `${r.bucket}/${r.key}`;
    return join([
      context ? formatClock(r.time) : '',
      `event ${r.eventName} of ${of}`,
      r.source,
      r.causedBy ? `by ${r.causedBy.function}` : '',
      r.missing ? 'missing — expected, never arrived' : '',
      r.latencyMs !== undefined ? `+${formatDuration(r.latencyMs)}` : '',
    ]);
  }
  const r = row.record;
  const ev = row.group.events.find((e) => e.event.eventId === r.eventId)?.event;
  const ran = r.status !== 'skipped' && r.status !== 'running';
  return join([
    context ? formatClock(r.time) : '',
    `execution ${r.function}`,
    STATUS_LABEL[r.status],
    ran ? (r.cold ? 'cold' : 'warm') : '',
    ran ? formatDuration(r.durationMs) : '',
    r.attempt > 1 ? `attempt ${r.attempt}` : '',
    ev ? `of ${ev.eventName} ${ev.bucket}/${ev.key}` : '',
    r.error ? r.error.message : resultPreview(r),
    r.note ?? '',
  ]);
}

const join = (parts: string[]): string => parts.filter(Boolean).join(', ');
