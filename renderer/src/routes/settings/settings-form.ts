// The settings form's numbers checked before saving, with the labels the form shows ("Retries", not the stored
// "attempts") and the same limits as settingsSchema (electron/shared/settings.ts), which main enforces again.
import type { AppSettings } from '../../../../electron/shared/settings.ts';

interface NumberRule {
  path: string;
  label: string;
  min: number;
  max: number;
  whole: boolean;
  get: (s: AppSettings) => number;
}

const RULES: NumberRule[] = [
  { path: 'transfers.concurrency', label: 'Transfers at once', min: 1, max: 16, whole: true, get: (s) => s.transfers.concurrency },
  { path: 'transfers.partSizeMiB', label: 'Part size', min: 5, max: 5120, whole: true, get: (s) => s.transfers.partSizeMiB },
  { path: 'functions.timeoutMs', label: 'Timeout', min: 100, max: 900_000, whole: true, get: (s) => s.functions.timeoutMs },
  { path: 'functions.memoryMb', label: 'Memory', min: 16, max: 10_240, whole: true, get: (s) => s.functions.memoryMb },
  { path: 'functions.concurrency', label: 'Concurrency', min: 1, max: 1000, whole: true, get: (s) => s.functions.concurrency },
  { path: 'retries.attempts', label: 'Retries', min: 0, max: 10, whole: true, get: (s) => s.retries.attempts },
  { path: 'retries.firstDelayMs', label: 'First delay', min: 0, max: 600_000, whole: true, get: (s) => s.retries.firstDelayMs },
  { path: 'retries.multiplier', label: 'Multiplier', min: 1, max: 10, whole: false, get: (s) => s.retries.multiplier },
  { path: 'events.missingAfterMs', label: 'Missing after', min: 500, max: 600_000, whole: true, get: (s) => s.events.missingAfterMs },
];

const n = (v: number) => v.toLocaleString('en-US');

/** Field path → what is wrong with it; empty when the form can be saved. */
export function settingsProblems(s: AppSettings): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const r of RULES) {
    const v = r.get(s);
    if (!Number.isFinite(v)) problems[r.path] = `${r.label}: enter a number from ${n(r.min)} to ${n(r.max)}.`;
    else if (r.whole && !Number.isInteger(v)) problems[r.path] = `${r.label}: a whole number, please.`;
    else if (v < r.min || v > r.max) problems[r.path] = `${r.label} must be from ${n(r.min)} to ${n(r.max)}.`;
  }
  const port = s.server.port;
  if (!Number.isInteger(port) || (port !== 0 && (port < 1024 || port > 65_535))) {
    problems['server.port'] = 'Port: 0 (any free port) or a number from 1,024 to 65,535.';
  }
  return problems;
}
