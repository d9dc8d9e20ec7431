// Response documents of bucket-level operations.
import type { BucketInfo, VersioningState } from '../storage/object-store.ts';
import type { NotificationConfiguration, NotificationRule } from '../notification-config.ts';
import { toXml } from './xml-codec.ts';

export const OWNER = { ID: '6c6f63616c2d6275636b657473636f7065', DisplayName: 'bucketscope' };

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html (regionOf: a bucket's region) */
export function listAllMyBucketsResult(
  buckets: BucketInfo[],
  regionOf: (b: BucketInfo) => string,
  page: { continuationToken?: string | undefined; prefix?: string | undefined } = {},
): string {
  return toXml('ListAllMyBucketsResult', {
    Owner: OWNER,
    Buckets: { Bucket: buckets.map((b) => ({ Name: b.name, CreationDate: b.created, BucketRegion: regionOf(b) })) },
    ContinuationToken: page.continuationToken,
    Prefix: page.prefix,
  });
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html (us-east-1 is the empty constraint) */
export function locationConstraint(region: string): string {
  return toXml('LocationConstraint', region === 'us-east-1' ? {} : { '#text': region });
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketVersioning.html (no Status until first set) */
export function versioningConfiguration(state: VersioningState): string {
  return toXml('VersioningConfiguration', state === 'Unversioned' ? {} : { Status: state });
}

/** Element and ARN element per kind, as S3 writes them (Lambda destinations are CloudFunctionConfiguration). */
const ELEMENTS: Record<NotificationRule['kind'], [string, string]> = {
  Topic: ['TopicConfiguration', 'Topic'],
  Queue: ['QueueConfiguration', 'Queue'],
  LambdaFunction: ['CloudFunctionConfiguration', 'CloudFunction'],
};

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketNotificationConfiguration.html */
export function notificationConfiguration(config: NotificationConfiguration): string {
  const body: Record<string, unknown> = {};
  for (const kind of ['Topic', 'Queue', 'LambdaFunction'] as const) {
    const rules = config.rules.filter((r) => r.kind === kind);
    if (!rules.length) continue;
    const [element, arnElement] = ELEMENTS[kind];
    body[element] = rules.map((r) => {
      const filterRules = [
        ...(r.prefix !== undefined ? [{ Name: 'Prefix', Value: r.prefix }] : []),
        ...(r.suffix !== undefined ? [{ Name: 'Suffix', Value: r.suffix }] : []),
      ];
      return {
        Id: r.id,
        [arnElement]: r.arn,
        Event: r.events,
        Filter: filterRules.length ? { S3Key: { FilterRule: filterRules } } : undefined,
      };
    });
  }
  if (config.eventBridge) body.EventBridgeConfiguration = {};
  return toXml('NotificationConfiguration', body);
}
