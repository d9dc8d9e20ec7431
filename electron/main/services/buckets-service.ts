// AppApi['buckets']: list, create, remove, versioning. Mutations are recorded as actions.
//
// Constructor: new BucketsService({ clients, recorder, readTimeoutMs? })
//   clients        ClientProvider (S3ClientPool): the cached S3 client of a connection
//   recorder       ActionRecorder (the timeline; NoopActionRecorder when there is none)
//   readTimeoutMs  time to an answer for the bucket list and other small reads (default 30 s per attempt)
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  AbortMultipartUploadCommand,
  GetBucketVersioningCommand,
  ListMultipartUploadsCommand,
  ListBucketsCommand,
  PutBucketVersioningCommand,
  type S3Client,
  type BucketLocationConstraint,
  type ListBucketsCommandOutput,
} from '@aws-sdk/client-s3';
import type { AppApi, BucketRef } from '../../shared/contract.ts';
import { MAX_LISTED_UPLOADS, type BucketDto, type MultipartUploadDto, type VersioningState } from '../../shared/dto.ts';
import { AppError } from '../../shared/errors.ts';
import type { ActionRecorder } from '../s3-client/action-recorder.ts';
import { READ_TIMEOUT_MS } from '../s3-client/read-timeout.ts';
import type { ClientProvider } from '../s3-client/client-pool.ts';
import { toBucketDto } from '../s3-client/map-dto.ts';
import { s3Call } from '../s3-client/map-error.ts';
import { recordAction } from '../s3-client/record-action.ts';

export interface BucketsServiceOptions {
  clients: ClientProvider;
  recorder: ActionRecorder;
  readTimeoutMs?: number;
}


export class BucketsService implements Readonly<AppApi['buckets']> {
  readonly #clients: ClientProvider;
  readonly #recorder: ActionRecorder;
  readonly #read: { requestTimeout: number };

  constructor(options: BucketsServiceOptions) {
    this.#clients = options.clients;
    this.#recorder = options.recorder;
    this.#read = { requestTimeout: options.readTimeoutMs ?? READ_TIMEOUT_MS };
  }

  async list(input: { connectionId: string }): Promise<BucketDto[]> {
    const { client, connection } = await this.#clients.get(input.connectionId);
    const buckets: BucketDto[] = [];
    let token: string | undefined;
    // ListBuckets pages only when asked to (MaxBuckets / ContinuationToken); servers that ignore the
    // parameters answer with everything and no token.
    do {
      const output: ListBucketsCommandOutput = await s3Call({ endpoint: connection.endpoint }, () =>
        client.send(new ListBucketsCommand(token ? { ContinuationToken: token } : {}), this.#read),
      );
      buckets.push(...(output.Buckets ?? []).map(toBucketDto));
      token = output.ContinuationToken;
    } while (token);
    return buckets.sort((a, b) => a.name.localeCompare(b.name));
  }

  async create(input: BucketRef & { region?: string | undefined }): Promise<void> {
    const { client, connection } = await this.#clients.get(input.connectionId);
    if (isCos(connection) && !COS_APPID_SUFFIX.test(input.bucket)) throw await cosNameWithoutAppId(client, input.bucket);
    // us-east-1 is the default location and must not be sent as a constraint
    // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html). Other servers get a
    // constraint only when one was asked for explicitly, or for AWS outside us-east-1.
    const region = input.region ?? (connection.provider === 'aws' ? connection.region : undefined);
    const constraint = region && region !== 'us-east-1' ? region : undefined;
    await recordAction(this.#recorder, 'CreateBucket', { ...input, endpoint: connection.endpoint }, async () => {
      const output = await client.send(
        new CreateBucketCommand({
          Bucket: input.bucket,
          ...(constraint ? { CreateBucketConfiguration: { LocationConstraint: constraint as BucketLocationConstraint } } : {}),
        }),
      );
      return meta(undefined, output.$metadata);
    });
  }

  async remove(input: BucketRef): Promise<void> {
    const { client, connection } = await this.#clients.get(input.connectionId);
    await recordAction(this.#recorder, 'DeleteBucket', { ...input, endpoint: connection.endpoint }, async () => {
      const output = await client.send(new DeleteBucketCommand({ Bucket: input.bucket }));
      return meta(undefined, output.$metadata);
    });
  }

  async getVersioning(input: BucketRef): Promise<VersioningState> {
    const { client, connection } = await this.#clients.get(input.connectionId);
    try {
      const output = await s3Call({ endpoint: connection.endpoint, bucket: input.bucket }, () =>
        client.send(new GetBucketVersioningCommand({ Bucket: input.bucket }), this.#read),
      );
      // No Status element = versioning was never enabled on this bucket.
      return output.Status === 'Enabled' || output.Status === 'Suspended' ? output.Status : 'Unversioned';
    } catch (err) {
      // A server without versioning (s3rver, some gateways) has unversioned buckets; say so instead of failing
      // the bucket view. Turning versioning on still reports NotImplemented.
      if (err instanceof AppError && err.code === 'NotImplemented') return 'Unversioned';
      throw err;
    }
  }

  async listUploads(input: BucketRef): Promise<{ uploads: MultipartUploadDto[]; more: boolean }> {
    const { client, connection } = await this.#clients.get(input.connectionId);
    const uploads: MultipartUploadDto[] = [];
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    let more: boolean;
    do {
      const page = await s3Call({ endpoint: connection.endpoint, bucket: input.bucket }, () =>
        client.send(new ListMultipartUploadsCommand({ Bucket: input.bucket, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }), this.#read),
      );
      for (const u of page.Uploads ?? []) {
        if (!u.Key || !u.UploadId) continue;
        uploads.push({ key: u.Key, uploadId: u.UploadId, initiated: u.Initiated?.toISOString() ?? '', ...(u.StorageClass ? { storageClass: u.StorageClass } : {}) });
      }
      more = Boolean(page.IsTruncated);
      keyMarker = page.NextKeyMarker;
      uploadIdMarker = page.NextUploadIdMarker;
    } while (more && keyMarker && uploads.length < MAX_LISTED_UPLOADS);
    uploads.sort((a, b) => a.initiated.localeCompare(b.initiated));
    return { uploads: uploads.slice(0, MAX_LISTED_UPLOADS), more: more || uploads.length > MAX_LISTED_UPLOADS };
  }

  /** One AbortMultipartUpload per upload, each recorded; NoSuchUpload (already completed or aborted) counts as done. */
  async abortUploads(input: BucketRef & { uploads: { key: string; uploadId: string }[] }): Promise<{ aborted: number; errors: { key: string; message: string }[] }> {
    const { client, connection } = await this.#clients.get(input.connectionId);
    const errors: { key: string; message: string }[] = [];
    let aborted = 0;
    for (const u of input.uploads) {
      try {
        await recordAction(this.#recorder, 'AbortMultipartUpload', { ...input, key: u.key, endpoint: connection.endpoint }, async () => {
          const output = await client.send(new AbortMultipartUploadCommand({ Bucket: input.bucket, Key: u.key, UploadId: u.uploadId }));
          return meta(undefined, output.$metadata);
        });
        aborted++;
      } catch (err) {
        if (err instanceof AppError && err.code === 'NoSuchUpload') aborted++;
        else errors.push({ key: u.key, message: err instanceof Error ? err.message : String(err) });
      }
    }
    return { aborted, errors };
  }

  async setVersioning(input: BucketRef & { state: 'Enabled' | 'Suspended' }): Promise<void> {
    const { client, connection } = await this.#clients.get(input.connectionId);
    await recordAction(this.#recorder, 'PutBucketVersioning', { ...input, endpoint: connection.endpoint }, async () => {
      const output = await client.send(
        new PutBucketVersioningCommand({ Bucket: input.bucket, VersioningConfiguration: { Status: input.state } }),
      );
      return meta(undefined, output.$metadata);
    });
  }
}

/** COS bucket names are `<name>-<APPID>` (https://www.tencentcloud.com/document/product/436/13312). */
const COS_APPID_SUFFIX = /-(\d{6,})$/;

function isCos(connection: { provider: string; endpoint: string }): boolean {
  return connection.provider === 'cos' || /\.myqcloud\.com(:\d+)?$/i.test(safeHost(connection.endpoint));
}

function safeHost(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return '';
  }
}

/**
 * A COS bucket name without the APPID: refused before the request, naming the APPID when one of the account's
 * buckets shows it (a failed listing leaves the hint generic).
 */
async function cosNameWithoutAppId(client: S3Client, bucket: string): Promise<AppError> {
  let appId: string | undefined;
  try {
    const listed = await client.send(new ListBucketsCommand({}));
    appId = listed.Buckets?.map((b) => COS_APPID_SUFFIX.exec(b.Name ?? '')?.[1]).find(Boolean);
  } catch {
    // A key that may not list the buckets: no APPID to suggest.
  }
  return new AppError({
    code: 'InvalidBucketName',
    message: `COS bucket names end with the account's APPID: "${bucket}" has none`,
    hint: appId ? `Name it ${bucket}-${appId}.` : `Add your APPID, shown in the COS console: ${bucket}-1250000000 for APPID 1250000000.`,
  });
}

function meta<T>(value: T, metadata: { httpStatusCode?: number; requestId?: string }) {
  return {
    value,
    ...(metadata.httpStatusCode !== undefined ? { status: metadata.httpStatusCode } : {}),
    ...(metadata.requestId ? { requestId: metadata.requestId } : {}),
  };
}
