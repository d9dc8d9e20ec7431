import type { ExecutionRecord, ExecutionStatus, TimelineRecord } from '../../../../electron/shared/timeline.ts';
import { formatBytes, formatClock } from '../../lib/format/format.ts';

const OPS: Record<string, string> = {
  PutObject: 'PUT',
  PostObject: 'POST',
  CopyObject: 'COPY',
  CompleteMultipartUpload: 'MULTIPART',
  UploadPart: 'PART',
  DeleteObject: 'DELETE',
  DeleteObjects: 'DELETE',
  GetObject: 'GET',
  HeadObject: 'HEAD',
  CreateBucket: 'MKBUCKET',
  DeleteBucket: 'RMBUCKET',
  PutBucketVersioning: 'VERSIONING',
  PutBucketNotificationConfiguration: 'NOTIFY CONFIG',
  PutObjectTagging: 'TAGGING',
  DeleteObjectTagging: 'UNTAG',
  CreateMultipartUpload: 'MPU START',
  AbortMultipartUpload: 'MPU ABORT',
  UploadPartCopy: 'PART COPY',
  TestInvocation: 'TEST',
};

export function opLabel(operation: string): string {
  return OPS[operation] ?? operation.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}

export function opTone(operation: string): 'write' | 'delete' | 'read' | 'other' {
  if (/Delete|Remove/.test(operation)) return 'delete';
  if (/Put|Post|Copy|Complete|Upload|Create/.test(operation)) return 'write';
  if (/Get|Head|List/.test(operation)) return 'read';
  return 'other';
}

export const STATUS_LABEL: Record<ExecutionStatus, string> = {
  running: 'running',
  success: 'success',
  error: 'error',
  timeout: 'timeout',
  'out-of-memory': 'out of memory',
  skipped: 'skipped',
};

export function statusTone(status: ExecutionStatus): 'ok' | 'failed' | 'running' | 'muted' {
  if (status === 'success') return 'ok';
  if (status === 'running') return 'running';
  if (status === 'skipped') return 'muted';
  return 'failed';
}

/** Says that a result was too big to keep whole (main keeps the start of its JSON text). */
export function clippedNote(bytes: number, keptChars: number): string {
  return `The handler returned ${formatBytes(bytes)} of JSON: too big to keep, so only its first ${formatBytes(keptChars)} are shown.`;
}

/** One line of what a function returned, for the row preview. */
export function preview(value: unknown, max = 80): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The row preview of an execution's result: a clipped result is already JSON text, shown as it is. */
export function resultPreview(r: Pick<ExecutionRecord, 'result' | 'resultClipped'>, max = 80): string {
  if (r.resultClipped === undefined) return preview(r.result, max);
  const text = String(r.result);
  return text.length > max ? `${text.slice(0, max - 1)}…` : `${text}…`;
}

export function recordTitle(r: TimelineRecord): string {
  if (r.type === 'action') return `${r.operation} ${r.bucket}/${r.key ?? ''}`;
  if (r.type === 'event') return `${r.eventName} ${r.bucket}/${r.key}`;
  return `${r.function} attempt ${r.attempt}`;
}

const MONTH_DAY = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric' });

/**
 * A record's time in its row (local time): today's to the millisecond; an earlier day's with its date and the
 * minute ('Nov 27 08:05'), about as wide. The history outlives a restart, and yesterday's 08:05:35.000 read
 * like this morning's. Another year's shows only its date. The exact time stays in the row's tooltip.
 */
export function rowTime(isoTime: string, now: Date = new Date()): string {
  const d = new Date(isoTime);
  if (Number.isNaN(d.getTime())) return isoTime;
  const sameDay = d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  if (sameDay) return formatClock(isoTime);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (d.getFullYear() !== now.getFullYear()) return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${MONTH_DAY.format(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
