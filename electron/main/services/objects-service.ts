// AppApi['objects']: delimited listing with continuation tokens, HEAD details, versions, delete (batched), copy,
// "create folder", headers and metadata (a self-copy), tags, a text preview and presigned links. Mutations are
// recorded as actions with what the response says about each object.
//
// Constructor: new ObjectsService({ clients, recorder })
//   clients   ClientProvider (S3ClientPool): the cached S3 client of a connection
//   recorder  ActionRecorder (the timeline; NoopActionRecorder when there is none)
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  DeleteObjectTaggingCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { AppApi, BucketRef, ObjectRef } from '../../shared/contract.ts';
import { PREVIEW_BYTES, type ObjectDetails, type ObjectPage, type ObjectPreview, type ObjectProperties, type ObjectTag, type VersionPage } from '../../shared/dto.ts';
import { AppError } from '../../shared/errors.ts';
import type { ActionRecorder, ObservedObject } from '../s3-client/action-recorder.ts';
import type { ClientProvider } from '../s3-client/client-pool.ts';
import { READ_TIMEOUT_MS } from '../s3-client/read-timeout.ts';
import { signingClientFor } from '../s3-client/bucket-regions.ts';
import { toObjectDetails, toObjectPage, toVersionPage, unquoteEtag } from '../s3-client/map-dto.ts';
import { s3Call } from '../s3-client/map-error.ts';
import { recordAction } from '../s3-client/record-action.ts';

/** CopyObject copies at most 5 GB in one request (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html). */
const MAX_COPY_BYTES = 5 * 1024 ** 3;

/** DeleteObjects takes at most 1,000 keys per request (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html). */
export const DELETE_BATCH = 1000;

export interface ObjectsServiceOptions {
  clients: ClientProvider;
  recorder: ActionRecorder;
  readTimeoutMs?: number;
}

type RemoveResult = { removed: number; errors: { key: string; message: string }[] };

export class ObjectsService implements Readonly<AppApi['objects']> {
  readonly #clients: ClientProvider;
  readonly #recorder: ActionRecorder;
  /** Lists, HEAD and tags: a time limit per attempt (see read-timeout.ts). */
  readonly #read: { requestTimeout: number };

  constructor(options: ObjectsServiceOptions) {
    this.#clients = options.clients;
    this.#recorder = options.recorder;
    this.#read = { requestTimeout: options.readTimeoutMs ?? READ_TIMEOUT_MS };
  }

  async list(
    input: BucketRef & { prefix: string; delimiter?: string | undefined; token?: string | undefined; maxKeys?: number | undefined },
  ): Promise<ObjectPage> {
    const { client, connection } = await this.#clients.get(input.connectionId);
    // '/' unless the caller asks otherwise; '' lists every key under the prefix flat.
    const delimiter = input.delimiter ?? '/';
    const output = await s3Call({ endpoint: connection.endpoint, bucket: input.bucket }, () =>
      client.send(
        new ListObjectsV2Command({
          Bucket: input.bucket,
          Prefix: input.prefix || undefined,
          Delimiter: delimiter || undefined,
          ContinuationToken: input.token,
          MaxKeys: input.maxKeys ?? 1000,
        }),
        this.#read,
      ),
    );
    return toObjectPage(input.prefix, output);
  }

  async head(input: ObjectRef): Promise<ObjectDetails> {
    const { client, connection } = await this.#clients.get(input.connectionId);
    const output = await s3Call({ endpoint: connection.endpoint, bucket: input.bucket, key: input.key }, () =>
      client.send(new HeadObjectCommand({ Bucket: input.bucket, Key: input.key, VersionId: input.versionId }), this.#read),
    );
    return toObjectDetails(input.key, output);
  }

  /** Signing is local (no request is made): a link to a missing object is still a link, answering NoSuchKey. */
  async presign(input: ObjectRef & { expiresInSeconds: number }): Promise<{ url: string; expiresAt: string }> {
    const { client } = await this.#clients.get(input.connectionId);
    const signedAt = Date.now();
    const url = await getSignedUrl(signingClientFor(client, input.bucket), new GetObjectCommand({ Bucket: input.bucket, Key: input.key, VersionId: input.versionId }), { expiresIn: input.expiresInSeconds });
    return { url, expiresAt: new Date(signedAt + input.expiresInSeconds * 1000).toISOString() };
  }

  async listVersions(
    input: BucketRef & { prefix: string; keyMarker?: string | undefined; versionIdMarker?: string | undefined },
  ): Promise<VersionPage> {
    const { client, connection } = await this.#clients.get(input.connectionId);
    const output = await s3Call({ endpoint: connection.endpoint, bucket: input.bucket }, () =>
      client.send(
        new ListObjectVersionsCommand({
          Bucket: input.bucket,
          Prefix: input.prefix || undefined,
          KeyMarker: input.keyMarker,
          VersionIdMarker: input.keyMarker ? input.versionIdMarker : undefined,
        }),
        this.#read,
      ),
    );
    return toVersionPage(output);
  }

  async remove(input: BucketRef & { objects: { key: string; versionId?: string | undefined }[] }): Promise<RemoveResult> {
    const { client, connection } = await this.#clients.get(input.connectionId);
    const target = { connectionId: input.connectionId, bucket: input.bucket, endpoint: connection.endpoint };

    const [single] = input.objects;
    if (input.objects.length === 1 && single) {
      // One object: DeleteObject, whose response headers say whether a delete marker was created.
      return recordAction(this.#recorder, 'DeleteObject', { ...target, key: single.key }, async () => {
        const output = await client.send(new DeleteObjectCommand({ Bucket: input.bucket, Key: single.key, VersionId: single.versionId }));
        const observed: ObservedObject = { key: single.key };
        const versionId = output.VersionId ?? single.versionId;
        if (versionId) observed.versionId = versionId;
        if (output.DeleteMarker) observed.deleteMarker = true;
        if (single.versionId) observed.requestedVersionId = single.versionId;
        return { value: { removed: 1, errors: [] }, objects: [observed], ...statusOf(output.$metadata) };
      });
    }

    const result: RemoveResult = { removed: 0, errors: [] };
    for (let start = 0; start < input.objects.length; start += DELETE_BATCH) {
      const batch = input.objects.slice(start, start + DELETE_BATCH);
      const keyLabel = batch.length === 1 ? batch[0]?.key : undefined;
      const part = await recordAction(this.#recorder, 'DeleteObjects', { ...target, key: keyLabel }, async () => {
        const output = await client.send(
          new DeleteObjectsCommand({
            Bucket: input.bucket,
            // Not quiet: each Deleted element carries the version id and delete-marker flag the timeline needs.
            Delete: { Quiet: false, Objects: batch.map((o) => ({ Key: o.key, ...(o.versionId ? { VersionId: o.versionId } : {}) })) },
          }),
        );
        // Deleted echoes the VersionId the request named; without one, a versioned bucket reports the new
        // marker in DeleteMarkerVersionId (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeletedObject.html).
        const objects: ObservedObject[] = (output.Deleted ?? []).map((d) => {
          const observed: ObservedObject = { key: d.Key ?? '' };
          const requested = batch.find((o) => o.key === d.Key && o.versionId !== undefined && o.versionId === d.VersionId)?.versionId;
          const versionId = requested ?? (d.DeleteMarker ? d.DeleteMarkerVersionId : d.VersionId);
          if (versionId) observed.versionId = versionId;
          if (d.DeleteMarker) observed.deleteMarker = true;
          if (requested) observed.requestedVersionId = requested;
          return observed;
        });
        const errors = (output.Errors ?? []).map((e) => ({ key: e.Key ?? '', message: `${e.Code ?? 'Error'}: ${e.Message ?? ''}`.trim() }));
        // Servers that honour Quiet anyway (or omit Deleted) still deleted what is not listed in Errors.
        const removed = output.Deleted ? output.Deleted.length : batch.length - errors.length;
        return { value: { removed, errors }, objects, ...statusOf(output.$metadata) };
      });
      result.removed += part.removed;
      result.errors.push(...part.errors);
    }
    return result;
  }

  async copy(input: {
    connectionId: string;
    from: { bucket: string; key: string; versionId?: string | undefined };
    to: { bucket: string; key: string };
  }): Promise<void> {
    const { client, connection } = await this.#clients.get(input.connectionId);
    const target = {
      connectionId: input.connectionId,
      bucket: input.to.bucket,
      key: input.to.key,
      endpoint: connection.endpoint,
      // NoSuchKey / NoSuchBucket from a copy are about the source.
      errorSubject: { bucket: input.from.bucket, key: input.from.key },
    };
    await recordAction(this.#recorder, 'CopyObject', target, async () => {
      const output = await client.send(
        new CopyObjectCommand({ Bucket: input.to.bucket, Key: input.to.key, CopySource: copySource(input.from) }),
      );
      const observed: ObservedObject = { key: input.to.key };
      if (output.VersionId) observed.versionId = output.VersionId;
      if (output.CopyObjectResult?.ETag) observed.etag = unquoteEtag(output.CopyObjectResult.ETag);
      return { value: undefined, objects: [observed], ...statusOf(output.$metadata) };
    });
  }

  /**
   * New headers and user metadata for the latest version: S3 has no in-place edit, so the object is copied onto
   * itself with MetadataDirective REPLACE, as the consoles do. What a plain copy would silently change is carried
   * over from its HEAD: storage class and server-side encryption (tags are copied by default). CopySourceIfMatch
   * makes an object changed since the user opened it fail with PreconditionFailed instead of being overwritten.
   */
  async updateProperties(input: BucketRef & { key: string; etag: string; properties: ObjectProperties }): Promise<void> {
    const { client, connection } = await this.#clients.get(input.connectionId);
    const where = { endpoint: connection.endpoint, bucket: input.bucket, key: input.key };
    const head = await s3Call(where, () => client.send(new HeadObjectCommand({ Bucket: input.bucket, Key: input.key })));
    if ((head.ContentLength ?? 0) > MAX_COPY_BYTES) {
      throw new AppError({
        code: 'InvalidInput',
        message: `${input.key} is larger than 5 GB: S3 cannot copy it in one request, so its properties cannot be changed in place.`,
      });
    }
    const p = input.properties;
    const header = (v: string | undefined): string | undefined => (v?.trim() ? v.trim() : undefined);
    await recordAction(this.#recorder, 'CopyObject', { connectionId: input.connectionId, ...where }, async () => {
      const output = await client.send(
        new CopyObjectCommand({
          Bucket: input.bucket,
          Key: input.key,
          CopySource: copySource({ bucket: input.bucket, key: input.key }),
          CopySourceIfMatch: `"${unquoteEtag(input.etag)}"`,
          MetadataDirective: 'REPLACE',
          ContentType: header(p.contentType),
          CacheControl: header(p.cacheControl),
          ContentDisposition: header(p.contentDisposition),
          ContentEncoding: header(p.contentEncoding),
          Metadata: p.metadata,
          ...(head.StorageClass && head.StorageClass !== 'STANDARD' ? { StorageClass: head.StorageClass } : {}),
          ...(head.ServerSideEncryption ? { ServerSideEncryption: head.ServerSideEncryption } : {}),
          ...(head.SSEKMSKeyId ? { SSEKMSKeyId: head.SSEKMSKeyId } : {}),
        }),
      );
      const observed: ObservedObject = { key: input.key };
      if (output.VersionId) observed.versionId = output.VersionId;
      if (output.CopyObjectResult?.ETag) observed.etag = unquoteEtag(output.CopyObjectResult.ETag);
      return { value: undefined, objects: [observed], ...statusOf(output.$metadata) };
    });
  }

  /** A ranged GET of the first PREVIEW_BYTES (reads are not actions: nothing is recorded). */
  async preview(input: ObjectRef): Promise<ObjectPreview> {
    const { client, connection } = await this.#clients.get(input.connectionId);
    const where = { endpoint: connection.endpoint, bucket: input.bucket, key: input.key };
    const ref = { Bucket: input.bucket, Key: input.key, VersionId: input.versionId };
    let output;
    try {
      output = await s3Call(where, () => client.send(new GetObjectCommand({ ...ref, Range: `bytes=0-${PREVIEW_BYTES - 1}` })));
    } catch (e) {
      // S3 answers a range on an empty object with 416 InvalidRange: there is nothing to show.
      if ((e as AppError).code !== 'InvalidRange') throw e;
      const head = await s3Call(where, () => client.send(new HeadObjectCommand(ref)));
      return { size: head.ContentLength ?? 0, contentType: head.ContentType ?? '', text: '', binary: false, truncated: false };
    }
    const bytes = output.Body ? await output.Body.transformToByteArray() : new Uint8Array();
    // 206 carries the full size in Content-Range; an empty object answers 200 (a range of nothing) or 416.
    const size = Number(/\/(\d+)$/.exec(output.ContentRange ?? '')?.[1] ?? output.ContentLength ?? bytes.length);
    const truncated = size > bytes.length;
    const text = decodeText(bytes, truncated);
    return { size, contentType: output.ContentType ?? '', text: text ?? '', binary: text === undefined, truncated };
  }

  async getTags(input: ObjectRef): Promise<ObjectTag[]> {
    const { client, connection } = await this.#clients.get(input.connectionId);
    const output = await s3Call({ endpoint: connection.endpoint, bucket: input.bucket, key: input.key }, () =>
      client.send(new GetObjectTaggingCommand({ Bucket: input.bucket, Key: input.key, VersionId: input.versionId }), this.#read),
    );
    return (output.TagSet ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));
  }

  async setTags(input: ObjectRef & { tags: ObjectTag[] }): Promise<void> {
    const { client, connection } = await this.#clients.get(input.connectionId);
    const target = { connectionId: input.connectionId, bucket: input.bucket, key: input.key, endpoint: connection.endpoint };
    const ref = { Bucket: input.bucket, Key: input.key, VersionId: input.versionId };
    if (input.tags.length === 0) {
      await recordAction(this.#recorder, 'DeleteObjectTagging', target, async () => {
        const output = await client.send(new DeleteObjectTaggingCommand(ref));
        return { value: undefined, ...statusOf(output.$metadata) };
      });
      return;
    }
    await recordAction(this.#recorder, 'PutObjectTagging', target, async () => {
      const output = await client.send(new PutObjectTaggingCommand({ ...ref, Tagging: { TagSet: input.tags.map((t) => ({ Key: t.key, Value: t.value })) } }));
      return { value: undefined, ...statusOf(output.$metadata) };
    });
  }

  /** A folder is a zero-byte object whose key ends with '/', as the AWS console creates it. */
  async createFolder(input: BucketRef & { prefix: string }): Promise<void> {
    const { client, connection } = await this.#clients.get(input.connectionId);
    const key = input.prefix.endsWith('/') ? input.prefix : `${input.prefix}/`;
    await recordAction(this.#recorder, 'PutObject', { ...input, key, endpoint: connection.endpoint }, async () => {
      const output = await client.send(new PutObjectCommand({ Bucket: input.bucket, Key: key, Body: '', ContentLength: 0 }));
      const observed: ObservedObject = { key, size: 0, etag: unquoteEtag(output.ETag) };
      if (output.VersionId) observed.versionId = output.VersionId;
      return { value: undefined, objects: [observed], ...statusOf(output.$metadata) };
    });
  }
}

/**
 * CopySource is `bucket/key[?versionId=]` with the key URL-encoded but its slashes kept
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html#API_CopyObject_RequestSyntax).
 */
export function copySource(from: { bucket: string; key: string; versionId?: string | undefined }): string {
  const key = from.key.split('/').map(encodeURIComponent).join('/');
  return `${from.bucket}/${key}${from.versionId ? `?versionId=${encodeURIComponent(from.versionId)}` : ''}`;
}

function statusOf(metadata: { httpStatusCode?: number; requestId?: string }): { status?: number; requestId?: string } {
  return {
    ...(metadata.httpStatusCode !== undefined ? { status: metadata.httpStatusCode } : {}),
    ...(metadata.requestId ? { requestId: metadata.requestId } : {}),
  };
}

/**
 * UTF-8 text, or undefined for binary data (invalid UTF-8 or NUL bytes). A cut at the end of a truncated read
 * may split a character: up to 3 trailing bytes are dropped before deciding.
 */
function decodeText(bytes: Uint8Array, truncated: boolean): string | undefined {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let drop = 0; drop <= (truncated ? 3 : 0) && drop <= bytes.length; drop++) {
    try {
      const text = decoder.decode(bytes.subarray(0, bytes.length - drop));
      return text.includes('\u0000') ? undefined : text;
    } catch {
      // try without one more trailing byte
    }
  }
  return undefined;
}
