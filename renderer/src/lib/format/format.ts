// Human-readable sizes and times; the exact value goes in a tooltip (UI.md "Look").
const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${Math.round(bytes)} B`; // rates (bytes per second) are fractional
  let value = bytes;
  let unit = 0;
  // By the value as shown: 1,048,575 bytes is '1 MB', not '1024 KB'.
  while ((value >= 100 ? Math.round(value) : value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1).replace(/\.0$/, '')} ${UNITS[unit]}`;
}

// Intl formatters are expensive to create: build each once (a scrolled table formats hundreds of cells).
const INT = new Intl.NumberFormat('en-US');
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const DAY = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const DAY_YEAR = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const FULL = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function exactBytes(bytes: number): string {
  return `${INT.format(bytes)} bytes`;
}

/** "10:20" today, "27 Nov 10:20" this year, "27 Nov 2025" otherwise. */
export function formatDate(isoTime: string | undefined, now = new Date()): string {
  if (!isoTime) return '—';
  const d = new Date(isoTime);
  if (Number.isNaN(d.getTime())) return isoTime;
  const sameDay = d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  if (sameDay) return TIME.format(d);
  if (d.getFullYear() === now.getFullYear()) return `${DAY.format(d)} ${TIME.format(d)}`;
  return DAY_YEAR.format(d);
}

export function formatClock(isoTime: string): string {
  const d = new Date(isoTime);
  if (Number.isNaN(d.getTime())) return isoTime;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function exactTime(isoTime: string | undefined): string {
  if (!isoTime) return '';
  const d = new Date(isoTime);
  return Number.isNaN(d.getTime()) ? isoTime : `${FULL.format(d)} (${isoTime})`;
}

/**
 * A duration for reading: '<1 ms' for a measured fraction of a millisecond (handlers and events are timed with
 * performance.now(), so a warm run of 0.3 ms read '0 ms', as if it had not run); an exact 0 (a configured delay)
 * stays '0 ms'. Up to 999.4 ms in whole milliseconds, then seconds ('1000 ms' never shows).
 */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  if (ms > 0 && ms < 1) return '<1 ms';
  if (ms < 999.5) return `${Math.round(ms)} ms`;
  // Each unit is chosen by the value as rounded for display, so 59,999 ms reads '1 min 0 s', not '60.0 s'.
  if (ms < 9_995) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  const minutes = Math.round(ms / 60_000);
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The measured value behind formatDuration, for a tooltip: '0.312 ms', '12.4 ms', '3,000 ms'. */
export function exactDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  const digits = ms < 1 ? 3 : ms < 100 ? 1 : 0;
  return `${ms.toLocaleString('en-US', { maximumFractionDigits: digits })} ms`;
}

export function shortEtag(etag: string): string {
  const clean = etag.replaceAll('"', '');
  return clean.length > 10 ? `${clean.slice(0, 8)}…` : clean;
}

/** Last path segment of a key or prefix ("a/b/" -> "b", "a/b.txt" -> "b.txt"). */
export function baseName(keyOrPrefix: string): string {
  const trimmed = keyOrPrefix.endsWith('/') ? keyOrPrefix.slice(0, -1) : keyOrPrefix;
  const cut = trimmed.lastIndexOf('/');
  return cut >= 0 ? trimmed.slice(cut + 1) : trimmed;
}

export function parentPrefix(prefix: string): string {
  const trimmed = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  const cut = trimmed.lastIndexOf('/');
  return cut >= 0 ? trimmed.slice(0, cut + 1) : '';
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${INT.format(n)} ${n === 1 ? one : many}`;
}
