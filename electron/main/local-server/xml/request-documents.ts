// Parsers for request bodies. Each returns typed data or throws the S3 error S3 answers.
import { S3Error } from '../errors.ts';
import type { NotificationConfiguration, NotificationRule, NotificationTargetKind } from '../notification-config.ts';
import { CHECKSUM_ALGORITHMS } from '../checksums.ts';
import type { ChecksumAlgorithm, Tag } from '../storage/object-store.ts';
import { child, children, parseXmlBody, parseXmlText, text, wellFormedXml, type XmlNode } from './xml-codec.ts';
import { scanDelete } from './delete-fast-path.ts';

export interface CompletedPart {
  partNumber: number;
  etag: string;
  checksums: Partial<Record<ChecksumAlgorithm, string>>;
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html */
export function parseCompleteMultipartUpload(body: Buffer): CompletedPart[] {
  const root = parseXmlBody(body, 'CompleteMultipartUpload');
  const parts = children(root, 'Part').map((p) => {
    const n = Number(text(p, 'PartNumber'));
    const etag = text(p, 'ETag');
    if (!Number.isInteger(n) || etag === undefined) throw new S3Error('MalformedXML');
    const checksums: CompletedPart['checksums'] = {};
    for (const a of CHECKSUM_ALGORITHMS) {
      const v = text(p, `Checksum${a}`);
      if (v !== undefined) checksums[a] = v;
    }
    return { partNumber: n, etag: etag.trim().replace(/^"|"$/g, ''), checksums };
  });
  if (parts.length === 0) throw new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  return parts;
}

export interface DeleteRequest {
  quiet: boolean;
  /** `etag`: the conditional delete's <ETag> (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-deletes.html). */
  objects: { key: string; versionId?: string; etag?: string }[];
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html (1 to 1,000 keys) */
export function parseDelete(body: Buffer): DeleteRequest {
  const xml = wellFormedXml(body);
  const fast = scanDelete(xml);
  if (fast) {
    if (fast.objects.length === 0 || fast.objects.length > 1000) throw new S3Error('MalformedXML');
    return fast;
  }
  return parseDeleteTree(xml);
}

/** The generic reading of a DeleteObjects document (exported for the fast path's differential test). */
export function parseDeleteTree(xml: string): DeleteRequest {
  const root = parseXmlText(xml, 'Delete');
  const objects = children(root, 'Object').map((o) => {
    const key = text(o, 'Key');
    if (key === undefined) throw new S3Error('MalformedXML');
    const versionId = text(o, 'VersionId');
    const etag = text(o, 'ETag');
    return { key, ...(versionId !== undefined ? { versionId } : {}), ...(etag !== undefined ? { etag } : {}) };
  });
  if (objects.length === 0 || objects.length > 1000) throw new S3Error('MalformedXML');
  return { quiet: text(root, 'Quiet') === 'true', objects };
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketVersioning.html */
export function parseVersioningConfiguration(body: Buffer): 'Enabled' | 'Suspended' | undefined {
  const root = parseXmlBody(body, 'VersioningConfiguration');
  const status = text(root, 'Status');
  if (status === undefined) return undefined;
  if (status !== 'Enabled' && status !== 'Suspended') throw new S3Error('MalformedXML');
  return status;
}

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html (limits) */
export function parseTagging(body: Buffer, max = MAX_OBJECT_TAGS): Tag[] {
  const root = parseXmlBody(body, 'Tagging');
  const set = child(root, 'TagSet');
  if (!set) throw new S3Error('MalformedXML');
  return validateTags(
    children(set, 'Tag').map((t) => {
      const key = text(t, 'Key');
      const value = text(t, 'Value');
      if (key === undefined || value === undefined) throw new S3Error('MalformedXML');
      return { key, value };
    }),
    max,
  );
}

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html (objects) and tagging-managing.html (buckets: 50) */
export const MAX_OBJECT_TAGS = 10;
export const MAX_BUCKET_TAGS = 50;

export function validateTags(tags: Tag[], max = MAX_OBJECT_TAGS): Tag[] {
  if (tags.length > max) throw new S3Error('InvalidTag', `${max === MAX_OBJECT_TAGS ? 'Object' : 'Bucket'} tags cannot be greater than ${max}`);
  const seen = new Set<string>();
  for (const t of tags) {
    if (t.key.length === 0 || t.key.length > 128) throw new S3Error('InvalidTag', 'The TagKey you have provided is invalid');
    if (t.value.length > 256) throw new S3Error('InvalidTag', 'The TagValue you have provided is invalid');
    if (seen.has(t.key)) throw new S3Error('InvalidTag', 'Cannot provide multiple Tags with the same key');
    seen.add(t.key);
  }
  return tags;
}

/** Element name → destination kind and the elements that may hold its ARN. */
const CONFIG_ELEMENTS: [string, NotificationTargetKind, string[]][] = [
  ['TopicConfiguration', 'Topic', ['Topic']],
  ['QueueConfiguration', 'Queue', ['Queue']],
  ['CloudFunctionConfiguration', 'LambdaFunction', ['CloudFunction']],
  ['LambdaFunctionConfiguration', 'LambdaFunction', ['CloudFunction', 'LambdaFunctionArn']],
];

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html */
export function parseNotificationConfiguration(body: Buffer): NotificationConfiguration {
  const root = parseXmlBody(body, 'NotificationConfiguration');
  const rules: NotificationRule[] = [];
  let counter = 0;
  for (const [element, kind, arnElements] of CONFIG_ELEMENTS) {
    for (const node of children(root, element)) {
      const arn = arnElements.map((e) => text(node, e)).find((v) => v !== undefined);
      if (!arn) throw new S3Error('MalformedXML');
      const rawEvents = node.Event;
      const events: string[] = [];
      for (const e of Array.isArray(rawEvents) ? rawEvents : []) {
        if (typeof e !== 'string') throw new S3Error('MalformedXML');
        events.push(e.trim());
      }
      const rule: NotificationRule = {
        id: text(node, 'Id') || generatedId(++counter),
        kind,
        arn: arn.trim(),
        events,
      };
      Object.assign(rule, parseFilter(node));
      rules.push(rule);
    }
  }
  return { rules, eventBridge: root.EventBridgeConfiguration !== undefined };
}

function generatedId(n: number): string {
  // S3 generates an id when none is given; any unique string serves.
  return `notification-${Date.now().toString(36)}-${n}`;
}

function parseFilter(node: XmlNode): Pick<NotificationRule, 'prefix' | 'suffix'> {
  const filter = child(node, 'Filter');
  if (!filter) return {};
  const key = child(filter, 'S3Key');
  if (!key) return {};
  const out: Pick<NotificationRule, 'prefix' | 'suffix'> = {};
  for (const r of children(key, 'FilterRule')) {
    const name = (text(r, 'Name') ?? '').toLowerCase();
    const value = text(r, 'Value') ?? '';
    if (name !== 'prefix' && name !== 'suffix') {
      throw new S3Error('InvalidArgument', 'filter rule name must be either prefix or suffix', { ArgumentName: 'FilterRule', ArgumentValue: name });
    }
    if (out[name] !== undefined) {
      throw new S3Error('InvalidArgument', `Cannot specify more than one ${name} rule in a filter.`, { ArgumentName: 'FilterRule', ArgumentValue: name });
    }
    if (value.length > 1024) throw new S3Error('InvalidArgument', 'The filter value is too long', { ArgumentName: 'FilterRule', ArgumentValue: name });
    out[name] = value;
  }
  return out;
}
