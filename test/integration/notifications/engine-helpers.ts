import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BucketEvent, EventType } from '../../../electron/shared/bucket-event.ts';

let n = 0;
export function bucketEvent(type: EventType, key: string, extra: Partial<BucketEvent> = {}): BucketEvent {
  n += 1;
  const removal = type.startsWith('ObjectRemoved');
  return {
    type,
    bucket: 'uploads',
    key,
    size: removal ? 0 : 5,
    etag: removal ? '' : 'd41d8cd98f00b204e9800998ecf8427e',
    versionId: '',
    sequencer: n.toString(16).padStart(16, '0'),
    time: new Date().toISOString(),
    requestId: `REQ${n}`,
    sourceIp: '127.0.0.1',
    source: 'embedded',
    ...extra,
  };
}

export function handlerDir(source: string, file = 'index.mjs'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bucketscope-fn-'));
  writeFileSync(path.join(dir, file), source);
  return dir;
}
