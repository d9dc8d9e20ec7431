// S3 -> Lambda event payload (event message structure 2.1):
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
import type { BucketEvent } from '../../shared/bucket-event.ts';
import { deliveredEventName } from '../../shared/event-names.ts';
import type { FormatContext } from './format-context.ts';
import { s3EventKey } from './key-encoding.ts';

export interface S3Record {
  eventVersion: '2.1';
  eventSource: 'aws:s3';
  awsRegion: string;
  eventTime: string;
  eventName: string;
  userIdentity: { principalId: string };
  requestParameters: { sourceIPAddress: string };
  responseElements: { 'x-amz-request-id': string; 'x-amz-id-2': string };
  s3: {
    s3SchemaVersion: '1.0';
    configurationId: string;
    bucket: { name: string; ownerIdentity: { principalId: string }; arn: string };
    object: { key: string; size?: number; eTag?: string; versionId?: string; sequencer: string };
  };
}

export function formatS3Record(event: BucketEvent, ctx: FormatContext): S3Record {
  const created = event.type.startsWith('ObjectCreated:');
  // size and eTag are absent on removal events; versionId only when the bucket is (or was) versioned.
  // Built in the delivered key order: key, size, eTag, versionId, sequencer.
  const object: S3Record['s3']['object'] = {
    key: s3EventKey(event.key),
    ...(created ? { size: event.size, eTag: event.etag } : {}),
    ...(event.versionId !== '' ? { versionId: event.versionId } : {}),
    sequencer: event.sequencer,
  };
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: ctx.region,
    eventTime: new Date(event.time).toISOString(),
    eventName: deliveredEventName(event.type, 's3'),
    userIdentity: { principalId: ctx.principalId },
    requestParameters: { sourceIPAddress: event.sourceIp },
    responseElements: { 'x-amz-request-id': event.requestId, 'x-amz-id-2': ctx.hostId },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: ctx.configurationId,
      bucket: { name: event.bucket, ownerIdentity: { principalId: ctx.principalId }, arn: `arn:aws:s3:::${event.bucket}` },
      object,
    },
  };
}

/** One record per message, as S3 delivers to Lambda. */
export function formatS3Payload(event: BucketEvent, ctx: FormatContext): { Records: S3Record[] } {
  return { Records: [formatS3Record(event, ctx)] };
}
