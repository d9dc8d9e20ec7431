// S3 sequencers: hex strings that order events for one key. Lengths differ between events, so compare
// after right-padding the shorter with zeros (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).

export function compareSequencers(a: string, b: string): number {
  const width = Math.max(a.length, b.length);
  const pa = a.toUpperCase().padEnd(width, '0');
  const pb = b.toUpperCase().padEnd(width, '0');
  return pa < pb ? -1 : pa > pb ? 1 : 0;
}

let lastMs = 0;
let counter = 0;

/** A fresh, increasing sequencer for events this process builds itself (observed events). */
export function nextSequencer(nowMs = Date.now()): string {
  if (nowMs <= lastMs) counter += 1;
  else {
    lastMs = nowMs;
    counter = 0;
  }
  return lastMs.toString(16).toUpperCase().padStart(12, '0') + counter.toString(16).toUpperCase().padStart(6, '0');
}
