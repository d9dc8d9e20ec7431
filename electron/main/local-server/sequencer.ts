// S3's `sequencer`: a hex string that orders events for one key. Time-based (milliseconds, then a counter) so
// the order survives restarts of the server as long as the clock does not run backwards.
let lastMs = 0;
let count = 0;

export function nextSequencer(now = Date.now()): string {
  if (now <= lastMs) {
    count++;
  } else {
    lastMs = now;
    count = 0;
  }
  return lastMs.toString(16).toUpperCase().padStart(12, '0') + count.toString(16).toUpperCase().padStart(6, '0');
}
