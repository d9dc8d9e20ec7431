// Decides when an OS notification is worth showing: a long transfer finished (or failed), or a function
// execution failed, while the user is looking at another window. Pure over the event hub and small
// callbacks, so the rules are unit tested; index.ts passes Electron's Notification in `notify`.
import type { PushEvent } from '../../shared/contract.ts';
import type { PushListener } from '../rpc/event-hub.ts';

export interface NotificationRequest {
  title: string;
  body: string;
}

export interface ActivityNotifierOptions {
  subscribe: (listener: PushListener) => () => void;
  notify: (request: NotificationRequest) => void;
  /** True while the app window has focus: nothing to tell then, the user sees it happen. */
  isWindowFocused: () => boolean;
  /** The user's setting (notifications on/off), read at each event so a change applies at once. */
  isEnabled: () => boolean;
  /** A transfer shorter than this is not "long" (ms). */
  minTransferMs?: number;
  /** At most one failure notification per function in this window (ms): retries do not spam. */
  failureCooldownMs?: number;
  now?: () => number;
}

const FAILED_STATUSES = new Set(['error', 'timeout', 'out-of-memory']);

function durationMs(startedAt: string, finishedAt: string | undefined): number {
  if (!finishedAt) return 0;
  const ms = Date.parse(finishedAt) - Date.parse(startedAt);
  return Number.isFinite(ms) ? ms : 0;
}

function baseName(key: string): string {
  const trimmed = key.endsWith('/') ? key.slice(0, -1) : key;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1) || key;
}

/** Returns the notification for one push event, or undefined. Exported for tests. */
export function describeEvent(event: PushEvent, minTransferMs: number): NotificationRequest | undefined {
  if (event.name === 'transfer') {
    const t = event.payload;
    if (t.state !== 'done' && t.state !== 'failed') return undefined;
    if (durationMs(t.startedAt, t.finishedAt) < minTransferMs) return undefined;
    const verb = t.kind === 'upload' ? 'Upload' : 'Download';
    const name = baseName(t.key);
    return t.state === 'done'
      ? { title: `${verb} finished`, body: `${name} → ${t.bucket}` }
      : { title: `${verb} failed`, body: `${name}: ${t.error?.message ?? 'unknown error'}` };
  }
  if (event.name === 'timeline') {
    const r = event.payload;
    if (r.type !== 'execution' || !FAILED_STATUSES.has(r.status)) return undefined;
    const what = r.status === 'timeout' ? 'timed out' : r.status === 'out-of-memory' ? 'ran out of memory' : 'failed';
    return { title: `Function ${r.function} ${what}`, body: r.error?.message ?? r.note ?? `Attempt ${r.attempt}` };
  }
  return undefined;
}

export function startActivityNotifier(options: ActivityNotifierOptions): () => void {
  const { notify, isWindowFocused, isEnabled, minTransferMs = 10_000, failureCooldownMs = 60_000, now = Date.now } = options;
  const notifiedTransfers = new Set<string>();
  const lastFailure = new Map<string, number>();
  return options.subscribe((event) => {
    const request = describeEvent(event, minTransferMs);
    if (!request) return;
    if (event.name === 'transfer') {
      // A transfer can be pushed in its final state more than once (list refreshes); tell the user once.
      if (notifiedTransfers.has(event.payload.id)) return;
      notifiedTransfers.add(event.payload.id);
      if (notifiedTransfers.size > 1000) notifiedTransfers.delete(notifiedTransfers.values().next().value!);
    } else if (event.name === 'timeline' && event.payload.type === 'execution') {
      const fn = event.payload.functionId;
      const last = lastFailure.get(fn);
      if (last !== undefined && now() - last < failureCooldownMs) return;
      lastFailure.set(fn, now());
    }
    if (!isEnabled() || isWindowFocused()) return;
    notify(request);
  });
}
