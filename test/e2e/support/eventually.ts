// `expect.poll` with a timeout that suits a busy 2-core machine: vitest's default (1 s) is shorter than a cold
// function start plus a retry under load. Still fails (with the last value) when the UI never gets there.
import { expect } from 'vitest';

export const UI_TIMEOUT_MS = 15_000;

export function eventually<T>(read: () => T | Promise<T>, timeout = UI_TIMEOUT_MS) {
  return expect.poll(read, { timeout, interval: 100 });
}
