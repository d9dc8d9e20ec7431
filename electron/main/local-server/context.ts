// What every operation handler receives and returns.
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { BucketEvent } from '../../shared/bucket-event.ts';
import type { AuthResult } from './auth/verify-request.ts';
import type { DestinationCheck } from './notification-config.ts';
import type { ObjectStore } from './storage/object-store.ts';

/** The event fields an operation knows; the server adds time, sequencer, request id, source IP and identity. */
export type EventDraft = Pick<BucketEvent, 'type' | 'bucket' | 'key' | 'size' | 'etag' | 'versionId' | 'contentType' | 'metadata'>;

export interface RequestContext {
  req: IncomingMessage;
  requestId: string;
  method: string;
  bucket: string;
  key: string;
  /** First value of each query parameter, decoded. */
  query: Record<string, string>;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  auth: AuthResult;
  store: ObjectStore;
  region: string;
  /** Base URL of the server, e.g. http://127.0.0.1:9000 (for Location fields). */
  endpoint: string;
  emit(event: EventDraft): void;
  notificationConfigChanged(bucket: string): void;
  /** Validates notification destinations; undefined when nothing local knows them (every ARN accepted). */
  destinationCheck: DestinationCheck | undefined;
}

export interface S3Response {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer | Readable;
}

export type Handler = (ctx: RequestContext) => Promise<S3Response>;
