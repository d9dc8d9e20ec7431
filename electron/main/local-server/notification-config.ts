// Bucket notification configuration as pure data, validated the way S3 validates PutBucketNotificationConfiguration:
// unknown event names and, for rules whose event types intersect, overlapping prefix *and* suffix filters are
// rejected. https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html
// The trigger engine reads these rules (LocalServer.getNotificationConfig) and treats each as a trigger.
import { S3Error } from './errors.ts';

/**
 * The destination kind. S3's wire format spells Lambda destinations `<CloudFunctionConfiguration>` with a
 * `<CloudFunction>` ARN (that is what the SDKs send for LambdaFunctionConfigurations); a literal
 * `<LambdaFunctionConfiguration>` element is accepted too. Both are `LambdaFunction` here: a function trigger.
 */
export type NotificationTargetKind = 'Topic' | 'Queue' | 'LambdaFunction';

export interface NotificationRule {
  id: string;
  kind: NotificationTargetKind;
  /** ARN of the topic, queue or function (checked only when a DestinationCheck is installed, see below). */
  arn: string;
  /** S3 event names as configured, with the `s3:` prefix, e.g. `s3:ObjectCreated:*`. */
  events: string[];
  prefix?: string;
  suffix?: string;
}

export interface NotificationConfiguration {
  rules: NotificationRule[];
  eventBridge: boolean;
}

export function emptyNotificationConfiguration(): NotificationConfiguration {
  return { rules: [], eventBridge: false };
}

/** Event types S3 accepts in a notification configuration. https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html */
export const S3_NOTIFICATION_EVENTS: readonly string[] = [
  's3:TestEvent',
  's3:ObjectCreated:*', 's3:ObjectCreated:Put', 's3:ObjectCreated:Post', 's3:ObjectCreated:Copy',
  's3:ObjectCreated:CompleteMultipartUpload',
  's3:ObjectRemoved:*', 's3:ObjectRemoved:Delete', 's3:ObjectRemoved:DeleteMarkerCreated',
  's3:ObjectRestore:*', 's3:ObjectRestore:Post', 's3:ObjectRestore:Completed', 's3:ObjectRestore:Delete',
  's3:ReducedRedundancyLostObject',
  's3:Replication:*', 's3:Replication:OperationFailedReplication', 's3:Replication:OperationNotTracked',
  's3:Replication:OperationMissedThreshold', 's3:Replication:OperationReplicatedAfterThreshold',
  's3:ObjectTagging:*', 's3:ObjectTagging:Put', 's3:ObjectTagging:Delete',
  's3:ObjectAcl:Put',
  's3:LifecycleExpiration:*', 's3:LifecycleExpiration:Delete', 's3:LifecycleExpiration:DeleteMarkerCreated',
  's3:LifecycleTransition', 's3:IntelligentTiering',
];

/** True when some concrete event matches both names (`s3:ObjectCreated:*` intersects `s3:ObjectCreated:Put`). */
export function eventTypesIntersect(a: string, b: string): boolean {
  if (a === b) return true;
  const family = (e: string): string => e.slice(0, e.lastIndexOf(':'));
  if (a.endsWith(':*') && b.startsWith(`${family(a)}:`)) return true;
  if (b.endsWith(':*') && a.startsWith(`${family(b)}:`)) return true;
  return false;
}

/** Two filters overlap when some key matches both: one prefix starts the other, and one suffix ends the other. */
export function filtersOverlap(a: Pick<NotificationRule, 'prefix' | 'suffix'>, b: Pick<NotificationRule, 'prefix' | 'suffix'>): boolean {
  const pa = a.prefix ?? '';
  const pb = b.prefix ?? '';
  const sa = a.suffix ?? '';
  const sb = b.suffix ?? '';
  const prefixesOverlap = pa.startsWith(pb) || pb.startsWith(pa);
  const suffixesOverlap = sa.endsWith(sb) || sb.endsWith(sa);
  return prefixesOverlap && suffixesOverlap;
}

export function rulesConflict(a: NotificationRule, b: NotificationRule): boolean {
  const shareEvent = a.events.some((x) => b.events.some((y) => eventTypesIntersect(x, y)));
  return shareEvent && filtersOverlap(a, b);
}

/** Throws the S3 error S3 would answer for an invalid configuration. */
export function validateNotificationConfiguration(config: NotificationConfiguration): void {
  const ids = new Set<string>();
  for (const rule of config.rules) {
    if (!rule.arn) throw new S3Error('MalformedXML');
    if (rule.events.length === 0) throw new S3Error('MalformedXML');
    for (const e of rule.events) {
      if (!S3_NOTIFICATION_EVENTS.includes(e) || e === 's3:TestEvent') {
        throw new S3Error('InvalidArgument', 'The event is not supported for notifications', { ArgumentName: 'Event', ArgumentValue: e });
      }
    }
    if (ids.has(rule.id)) {
      throw new S3Error('InvalidArgument', 'Configuration ids must be unique', { ArgumentName: 'Id', ArgumentValue: rule.id });
    }
    ids.add(rule.id);
  }
  for (let i = 0; i < config.rules.length; i++) {
    for (let j = i + 1; j < config.rules.length; j++) {
      const a = config.rules[i] as NotificationRule;
      const b = config.rules[j] as NotificationRule;
      if (rulesConflict(a, b)) {
        throw new S3Error(
          'InvalidArgument',
          'Configurations overlap. Configurations on the same bucket cannot share a common event type.',
          { ArgumentName: 'Event', ArgumentValue: 'Event' },
        );
      }
    }
  }
}

/** A destination that could not be validated: its ARN and why (S3 reports both per destination). */
export interface InvalidDestination {
  arn: string;
  reason: string;
}

/**
 * Validates a configuration's destinations against what exists locally, as S3 checks that every topic, queue and
 * function exists (and may be sent to) before it stores a configuration. Installed by whoever knows the functions
 * (the trigger engine's notification sync); without one the server has nothing to check ARNs against and accepts them.
 * `previous` is the bucket's configuration before this PUT.
 */
export type DestinationCheck = (bucket: string, rules: readonly NotificationRule[], previous: NotificationConfiguration) => InvalidDestination[];

/**
 * The error S3 answers when destinations fail validation: 400 InvalidArgument, "Unable to validate the following
 * destination configurations", and for the n-th failing destination an `ArgumentName<n>` element holding its ARN and
 * an `ArgumentValue<n>` element saying why (the shape Scality's cloudserver adopted to match AWS, scality/cloudserver#4497;
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html: "If the message fails,
 * the entire PUT action will fail, and Amazon S3 will not add the configuration to your bucket").
 */
export function invalidDestinationsError(invalid: readonly InvalidDestination[]): S3Error {
  const detail: Record<string, string> = {};
  invalid.forEach((d, i) => {
    detail[`ArgumentName${i + 1}`] = d.arn;
    detail[`ArgumentValue${i + 1}`] = d.reason;
  });
  return new S3Error('InvalidArgument', 'Unable to validate the following destination configurations', detail);
}
