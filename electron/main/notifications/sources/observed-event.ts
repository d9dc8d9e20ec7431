// "Observed" events: for remote connections, what a trigger would receive, built from the real response
// of the app's own successful action (ETag, size, VersionId, x-amz-delete-marker). Labelled `observed`
// and never presented as server-delivered.
import type { BucketEvent, EventType } from '../../../shared/bucket-event.ts';
import { nextSequencer } from '../sequencer.ts';

export interface ObservedInput {
  /** S3 operation name of the action (PutObject, CopyObject, CompleteMultipartUpload, DeleteObject, DeleteObjects, PostObject). */
  operation: string;
  bucket: string;
  key: string;
  /** ETag header / element, quoted or not. */
  etag?: string | undefined;
  size?: number | undefined;
  /** x-amz-version-id of the response. */
  versionId?: string | undefined;
  /** x-amz-delete-marker: true (or DeleteMarker in a DeleteObjects result). */
  deleteMarker?: boolean | undefined;
  /** The version the request named, if any: deleting a named version is `Delete`, never `DeleteMarkerCreated`. */
  requestedVersionId?: string | undefined;
  contentType?: string | undefined;
  requestId?: string | undefined;
  actionId?: string | undefined;
  accessKeyId?: string | undefined;
  /** When the response arrived (default now). */
  time?: Date | undefined;
}

const CREATED: Record<string, EventType> = {
  PutObject: 'ObjectCreated:Put',
  PostObject: 'ObjectCreated:Post',
  CopyObject: 'ObjectCreated:Copy',
  UploadPartCopy: 'ObjectCreated:Copy',
  CompleteMultipartUpload: 'ObjectCreated:CompleteMultipartUpload',
};

/** The event type an operation's response implies, or undefined for operations that fire none. */
export function observedEventType(input: Pick<ObservedInput, 'operation' | 'deleteMarker' | 'requestedVersionId'>): EventType | undefined {
  const created = CREATED[input.operation];
  if (created !== undefined) return created;
  if (input.operation === 'DeleteObject' || input.operation === 'DeleteObjects') {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html
    return input.deleteMarker === true && !input.requestedVersionId ? 'ObjectRemoved:DeleteMarkerCreated' : 'ObjectRemoved:Delete';
  }
  return undefined;
}

export function observedEvent(input: ObservedInput): BucketEvent | undefined {
  const type = observedEventType(input);
  if (type === undefined) return undefined;
  const removal = type.startsWith('ObjectRemoved:');
  const time = input.time ?? new Date();
  const event: BucketEvent = {
    type,
    bucket: input.bucket,
    key: input.key,
    size: removal ? 0 : (input.size ?? 0),
    etag: removal ? '' : (input.etag ?? '').replace(/^"|"$/g, ''),
    versionId: input.versionId ?? '',
    sequencer: nextSequencer(time.getTime()),
    time: time.toISOString(),
    requestId: input.requestId ?? '',
    // The app's own address as the server saw it is unknown from here.
    sourceIp: '',
    source: 'observed',
  };
  if (input.contentType !== undefined && !removal) event.contentType = input.contentType;
  if (input.actionId !== undefined) event.actionId = input.actionId;
  if (input.accessKeyId !== undefined) event.accessKeyId = input.accessKeyId;
  return event;
}
