// Reads notifications real servers deliver: AWS/MinIO `Records` (MinIO keeps `s3:` in eventName and may
// wrap them as `{EventName, Key, Records}`), and COS/SCF `{Records: [{cos, event}]}`. Tolerates integer or
// ISO eventTime, string or number size, `+`/`%20`/`%2F` key encodings (events/README.md).
import type { BucketEvent } from '../../../shared/bucket-event.ts';
import { normaliseEventName } from '../../../shared/event-names.ts';
import { decodeEventKey } from '../key-encoding.ts';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const num = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : 0;
};

function isoTime(v: unknown): string {
  if (typeof v === 'number') return new Date(v < 1e12 ? v * 1000 : v).toISOString();
  if (typeof v === 'string' && v !== '') {
    if (/^\d+$/.test(v)) return isoTime(Number(v));
    const t = Date.parse(v);
    if (!Number.isNaN(t)) return new Date(t).toISOString();
  }
  return new Date().toISOString();
}

/** One record of any supported dialect -> BucketEvent (source webhook); undefined for test events and others. */
export function parseRecord(record: unknown): BucketEvent | undefined {
  const r = obj(record);
  if ('cos' in r) return parseCosRecord(r);
  const type = normaliseEventName(str(r['eventName']));
  if (type === undefined) return undefined;
  const s3 = obj(r['s3']);
  const object = obj(s3['object']);
  const removal = type.startsWith('ObjectRemoved:');
  return {
    type,
    bucket: str(obj(s3['bucket'])['name']),
    key: decodeEventKey(str(object['key'])),
    size: removal ? 0 : num(object['size']),
    etag: removal ? '' : str(object['eTag']).replace(/^"|"$/g, ''),
    versionId: str(object['versionId']),
    sequencer: str(object['sequencer']),
    time: isoTime(r['eventTime']),
    requestId: str(obj(r['responseElements'])['x-amz-request-id']),
    sourceIp: str(obj(r['requestParameters'])['sourceIPAddress']),
    ...(object['contentType'] !== undefined ? { contentType: str(object['contentType']) } : {}),
    source: 'webhook',
  };
}

function parseCosRecord(r: Json): BucketEvent | undefined {
  const cos = obj(r['cos']);
  const event = obj(r['event']);
  const type = normaliseEventName(str(event['eventName']));
  if (type === undefined) return undefined;
  const object = obj(cos['cosObject']);
  const bucket = obj(cos['cosBucket']);
  const meta = obj(object['meta']);
  const appid = str(bucket['appid']);
  const name = str(bucket['name']);
  // cosObject.key is /<appid>/<bucket>/<key> with the key as written.
  let key = str(object['key']);
  const lead = `/${appid}/${name}/`;
  if (key.startsWith(lead)) key = key.slice(lead.length);
  const removal = type.startsWith('ObjectRemoved:');
  return {
    type,
    bucket: name,
    key,
    size: removal ? 0 : num(object['size']),
    etag: removal ? '' : str(meta['ETag']).replace(/^"|"$/g, ''),
    versionId: str(object['vid']),
    sequencer: '',
    time: isoTime(event['eventTime']),
    requestId: str(meta['x-cos-request-id']),
    sourceIp: str(obj(event['requestParameters'])['requestSourceIP']),
    ...(meta['Content-Type'] !== undefined ? { contentType: str(meta['Content-Type']) } : {}),
    source: 'webhook',
  };
}

/** Every event of one delivery body (a `Records` array, MinIO's wrapper, or a single record). */
export function parseNotificationBody(body: unknown): BucketEvent[] {
  const b = obj(body);
  const records = Array.isArray(b['Records']) ? (b['Records'] as unknown[]) : 'eventName' in b || 'cos' in b ? [b] : [];
  return records.map(parseRecord).filter((e): e is BucketEvent => e !== undefined);
}
