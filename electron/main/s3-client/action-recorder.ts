// The seam between the S3 layer and the timeline: every mutating call the app makes is reported as one
// action, begun before the request and ended with what the server answered. The timeline (trigger-engine
// issue) implements this; the response info is what it needs to build "observed" events for remote
// connections (ETag, size, VersionId, x-amz-delete-marker), see DESIGN.md §4.
import type { AppErrorDto } from '../../shared/errors.ts';

/** S3 operation names, as in the API reference (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html). */
export type ActionOperation =
  | 'PutObject'
  | 'CompleteMultipartUpload'
  | 'CopyObject'
  | 'DeleteObject'
  | 'DeleteObjects'
  | 'CreateBucket'
  | 'DeleteBucket'
  | 'PutBucketVersioning'
  | 'AbortMultipartUpload'
  | 'PutObjectTagging'
  | 'DeleteObjectTagging';

/** One object the action created or removed, as the response described it. */
export interface ObservedObject {
  key: string;
  /** VersionId from the response; absent when the server sent none (unversioned bucket). */
  versionId?: string;
  /** Hex digest without quotes. */
  etag?: string;
  size?: number;
  contentType?: string;
  /**
   * True when the response says a delete marker was involved (x-amz-delete-marker / DeleteMarker in
   * DeleteObjects): created by a delete without a version, or removed by a delete of that marker's version.
   */
  deleteMarker?: boolean;
  /** The version a delete named: deleting a named version never creates a marker (it is a permanent Delete). */
  requestedVersionId?: string;
}

export interface ActionResponseInfo {
  /** The operation that finally ran when it differs from the one begun (an upload that went multipart). */
  operation?: ActionOperation;
  /** HTTP status of the (last) response, when there was one. */
  status?: number;
  requestId?: string;
  objects?: ObservedObject[];
  error?: AppErrorDto;
  durationMs: number;
}

export interface ActionRecorder {
  /** Returns the action id the request carries in `x-bucketscope-action-id`. */
  begin(operation: ActionOperation, connectionId: string, bucket: string, key?: string): string;
  end(actionId: string, result: 'ok' | 'error', info: ActionResponseInfo): void;
}

/** Records nothing; still hands out ids so the header is always sent. */
export class NoopActionRecorder implements ActionRecorder {
  begin(): string {
    return crypto.randomUUID();
  }

  end(): void {}
}
