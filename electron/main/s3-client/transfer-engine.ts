// Uploads and downloads as a queue: a concurrency limit, progress, cancel. Sources and sinks are streams,
// so Electron's path-based transfers and browser mode's HTTP upload/download endpoints feed the same engine.
// Uploads go through @aws-sdk/lib-storage's Upload: one PutObject below `partSize`, multipart above it
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html); a cancelled multipart upload is
// aborted on the server by lib-storage (leavePartsOnError: false). A body of known size below `partSize` (a
// local file, or a browser-mode request with its Content-Length) is sent as one streamed PutObject instead:
// lib-storage buffers such a body and reports progress only at the end, while a stream is read as the socket
// takes it, so counting what the SDK reads is real progress. The SDK does not retry a streamed body (it
// cannot rewind it), so a file's PUT is retried here, from a fresh read of the file; a request body is read
// once and is not retried.
//
// Constructor: new TransferEngine({ clients, recorder, concurrency?, partSize?, queueSize?, progressIntervalMs? })
//   clients             ClientProvider (S3ClientPool)
//   recorder            ActionRecorder: each upload is one action (PutObject or CompleteMultipartUpload)
//   concurrency         transfers running at once (default 3)
//   partSize            multipart part size in bytes (default 8 MiB; S3's minimum is 5 MiB)
//   queueSize           parts in flight per upload (default 4); memory per upload is about partSize * queueSize
//   progressIntervalMs  minimum gap between progress notifications of one transfer (state changes always notify)
// Listen with onChange(listener); the host forwards each TransferDto as the `transfer` push event.
import { GetObjectCommand, PutObjectCommand, type PutObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TransferDto } from '../../shared/dto.ts';
import { AppError } from '../../shared/errors.ts';
import { commitWithoutOverwrite, ensureFolderInside, temporaryPath } from '../transfers/local-file-target.ts';
import type { ActionRecorder, ObservedObject } from './action-recorder.ts';
import type { ClientProvider } from './client-pool.ts';
import { unquoteEtag } from './map-dto.ts';
import { toAppError } from './map-error.ts';
import { recordAction } from './record-action.ts';

export const MIN_PART_SIZE = 5 * 1024 * 1024;
/** Attempts of a streamed single-request file upload (the SDK's own retries do not apply to it). */
const FILE_PUT_ATTEMPTS = 3;

export interface UploadRequest {
  connectionId: string;
  bucket: string;
  key: string;
  /** A stream (browser-mode HTTP body, tests) or a local file read when the transfer starts. */
  body: Readable | { path: string };
  /** Bytes, when known (Content-Length, file size); checked against what the stream delivers. */
  size?: number | undefined;
  contentType?: string | undefined;
  metadata?: Record<string, string> | undefined;
}

export interface DownloadRequest {
  connectionId: string;
  bucket: string;
  key: string;
  versionId?: string | undefined;
  /** Bytes, when known from a listing: the transfer's total before the download starts. */
  size?: number | undefined;
  /**
   * A stream to write to; a local file (written next to it first, renamed over it when complete); or a
   * file in a chosen folder: `segments` (already made safe, see transfers/safe-local-path.ts) below
   * `directory`, sub-folders created when the download starts, never written outside `directory`, never
   * over an existing file (` (1)` is added), no partial file left behind.
   */
  sink: Writable | { path: string } | { directory: string; segments: string[] };
}

export interface OpenedDownload {
  transfer: TransferDto;
  body: Readable;
  size: number;
  contentType: string;
}

export type TransferListener = (transfer: TransferDto) => void;

export interface TransferEngineOptions {
  clients: ClientProvider;
  recorder: ActionRecorder;
  concurrency?: number;
  partSize?: number;
  queueSize?: number;
  progressIntervalMs?: number;
}

interface Job {
  dto: TransferDto;
  controller: AbortController;
  run: (job: Job) => Promise<void>;
  /** Releases a source or sink the job never got to use (cancelled while queued). */
  dispose: () => void;
  settled: Promise<TransferDto>;
  settle: (dto: TransferDto) => void;
  lastNotified: number;
}

const FINISHED = new Set<TransferDto['state']>(['done', 'failed', 'cancelled']);

export class TransferEngine {
  readonly #clients: ClientProvider;
  readonly #recorder: ActionRecorder;
  readonly #concurrency: number;
  readonly #partSize: number;
  readonly #queueSize: number;
  readonly #progressIntervalMs: number;
  readonly #jobs = new Map<string, Job>();
  /** Jobs waiting to start, oldest first (cancelled ones are skipped when reached). */
  readonly #waiting: Job[] = [];
  readonly #listeners = new Set<TransferListener>();
  #running = 0;

  constructor(options: TransferEngineOptions) {
    this.#clients = options.clients;
    this.#recorder = options.recorder;
    this.#concurrency = Math.max(1, options.concurrency ?? 3);
    this.#partSize = Math.max(MIN_PART_SIZE, options.partSize ?? 8 * 1024 * 1024);
    this.#queueSize = Math.max(1, options.queueSize ?? 4);
    this.#progressIntervalMs = options.progressIntervalMs ?? 150;
  }

  /** The connections' clients, for services that list before they enqueue (folder downloads). */
  get clients(): ClientProvider {
    return this.#clients;
  }

  onChange(listener: TransferListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  list(): TransferDto[] {
    return [...this.#jobs.values()].map((job) => ({ ...job.dto }));
  }

  enqueueUpload(request: UploadRequest): TransferDto {
    const source = request.body;
    const job = this.#createJob('upload', request, request.size ?? 0, (j) => this.#runUpload(j, request), () => {
      if (source instanceof Readable) source.destroy();
    });
    if (!(source instanceof Readable)) job.dto.localPath = source.path;
    return this.#enqueue(job);
  }

  enqueueDownload(request: DownloadRequest): TransferDto {
    const sink = request.sink;
    const job = this.#createJob('download', request, request.size ?? 0, (j) => this.#runDownload(j, request), () => {
      if (sink instanceof Writable) sink.destroy();
    });
    if ('path' in sink) job.dto.localPath = sink.path;
    else if ('segments' in sink) job.dto.localPath = path.join(sink.directory, ...sink.segments);
    return this.#enqueue(job);
  }

  /**
   * Starts a download at once (bypassing the queue: an HTTP client is waiting for its headers) and hands
   * back the body. The transfer is done when the body has been read to the end, cancelled when the body
   * is destroyed first; consumers should pipe it with stream.pipeline so a closed response destroys it.
   */
  async openDownload(request: Omit<DownloadRequest, 'sink'>): Promise<OpenedDownload> {
    const counted = new PassThrough();
    let opened!: (value: OpenedDownload) => void;
    let failed!: (err: unknown) => void;
    const ready = new Promise<OpenedDownload>((resolve, reject) => {
      opened = resolve;
      failed = reject;
    });
    const job = this.#createJob(
      'download',
      request,
      0,
      async (j) => {
        const { client, connection } = await this.#clients.get(request.connectionId);
        const output = await client
          .send(new GetObjectCommand({ Bucket: request.bucket, Key: request.key, VersionId: request.versionId }), {
            abortSignal: j.controller.signal,
          })
          .catch((err: unknown) => {
            throw toAppError(err, { endpoint: connection.endpoint, bucket: request.bucket, key: request.key });
          });
        j.dto.total = output.ContentLength ?? 0;
        opened({
          transfer: { ...j.dto },
          body: counted,
          size: output.ContentLength ?? 0,
          contentType: output.ContentType ?? 'application/octet-stream',
        });
        await pipeline(output.Body as Readable, this.#counter(j), counted, { signal: j.controller.signal });
      },
      () => counted.destroy(),
    );
    // A consumer that goes away (browser tab closed) destroys the body: that is a cancel.
    counted.on('close', () => {
      if (!counted.readableEnded && !FINISHED.has(job.dto.state)) job.controller.abort();
    });
    this.#jobs.set(job.dto.id, job);
    this.#running++;
    void this.#execute(job).then((dto) => {
      if (dto.state !== 'done' && dto.error) failed(new AppError(dto.error));
      else if (dto.state !== 'done') failed(new AppError({ code: 'Cancelled', message: 'Cancelled' }));
    });
    return ready;
  }

  /** Resolves with the final state of a transfer (done, failed or cancelled). */
  settled(id: string): Promise<TransferDto> {
    const job = this.#jobs.get(id);
    if (!job) return Promise.reject(new AppError({ code: 'NotFound', message: `Transfer "${id}" does not exist` }));
    return job.settled;
  }

  cancel(id: string): void {
    const job = this.#jobs.get(id);
    if (!job) throw new AppError({ code: 'NotFound', message: `Transfer "${id}" does not exist` });
    if (FINISHED.has(job.dto.state)) return;
    job.controller.abort();
    if (job.dto.state === 'queued') {
      job.dispose();
      this.#finish(job, 'cancelled');
    }
  }

  /** Cancels every queued transfer, then every running one; returns how many it cancelled. */
  cancelAll(): number {
    const active = [...this.#jobs.values()].filter((job) => !FINISHED.has(job.dto.state));
    const order = [...active.filter((job) => job.dto.state === 'queued'), ...active.filter((job) => job.dto.state !== 'queued')];
    for (const job of order) this.cancel(job.dto.id);
    return order.length;
  }

  clearFinished(): void {
    for (const [id, job] of this.#jobs) if (FINISHED.has(job.dto.state)) this.#jobs.delete(id);
  }

  /** Cancels everything (host shutdown) and waits until running transfers have stopped. */
  async close(): Promise<void> {
    const jobs = [...this.#jobs.values()];
    for (const job of jobs) if (!FINISHED.has(job.dto.state)) this.cancel(job.dto.id);
    await Promise.all(jobs.map((job) => job.settled));
  }

  #createJob(
    kind: TransferDto['kind'],
    target: { connectionId: string; bucket: string; key: string },
    total: number,
    run: Job['run'],
    dispose: Job['dispose'],
  ): Job {
    let settle!: (dto: TransferDto) => void;
    const settled = new Promise<TransferDto>((resolve) => (settle = resolve));
    return {
      dto: {
        id: randomUUID(),
        kind,
        connectionId: target.connectionId,
        bucket: target.bucket,
        key: target.key,
        loaded: 0,
        total,
        state: 'queued',
        startedAt: new Date().toISOString(),
      },
      controller: new AbortController(),
      run,
      dispose,
      settled,
      settle,
      lastNotified: 0,
    };
  }

  #enqueue(job: Job): TransferDto {
    this.#jobs.set(job.dto.id, job);
    this.#waiting.push(job);
    this.#notify(job);
    const snapshot = { ...job.dto };
    this.#pump();
    return snapshot;
  }

  #pump(): void {
    while (this.#running < this.#concurrency) {
      const job = this.#waiting.shift();
      if (!job) return;
      if (job.dto.state !== 'queued') continue;
      this.#running++;
      void this.#execute(job);
    }
  }

  async #execute(job: Job): Promise<TransferDto> {
    job.dto.state = 'running';
    this.#notify(job);
    try {
      await job.run(job);
      if (job.controller.signal.aborted) this.#finish(job, 'cancelled');
      else this.#finish(job, 'done');
    } catch (err) {
      if (job.controller.signal.aborted) this.#finish(job, 'cancelled');
      else this.#finish(job, 'failed', toAppError(err).toDto());
    } finally {
      this.#running--;
      this.#pump();
    }
    return { ...job.dto };
  }

  #finish(job: Job, state: 'done' | 'failed' | 'cancelled', error?: TransferDto['error']): void {
    if (FINISHED.has(job.dto.state)) return;
    job.dto.state = state;
    job.dto.finishedAt = new Date().toISOString();
    if (error) job.dto.error = error;
    if (state === 'done' && job.dto.total < job.dto.loaded) job.dto.total = job.dto.loaded;
    this.#notify(job);
    job.settle({ ...job.dto });
  }

  #progress(job: Job, loaded: number, total?: number): void {
    job.dto.loaded = loaded;
    if (total !== undefined && total > 0) job.dto.total = total;
    const now = performance.now();
    if (now - job.lastNotified >= this.#progressIntervalMs) this.#notify(job);
  }

  #notify(job: Job): void {
    job.lastNotified = performance.now();
    const snapshot = { ...job.dto };
    for (const listener of this.#listeners) {
      try {
        listener(snapshot);
      } catch {
        // One broken listener must not stop the transfer or the other listeners.
      }
    }
  }

  async #runUpload(job: Job, request: UploadRequest): Promise<void> {
    const { client, connection } = await this.#clients.get(request.connectionId);
    let size = request.size;
    if (!(request.body instanceof Readable)) size ??= (await stat(request.body.path)).size;
    if (size !== undefined) job.dto.total = size;
    const target = { connectionId: request.connectionId, bucket: request.bucket, key: request.key, endpoint: connection.endpoint };
    if (size !== undefined && size < this.#partSize) {
      const source = request.body;
      const single = size;
      // A file is opened afresh for each attempt; a stream can be read only once.
      const open = source instanceof Readable ? () => source : () => createReadStream(source.path);
      const attempts = source instanceof Readable ? 1 : FILE_PUT_ATTEMPTS;
      try {
        await recordAction(this.#recorder, 'PutObject', target, async (context) => {
          job.dto.actionId = context.actionId;
          const output = await this.#putStreamed(job, client, request, open, single, attempts);
          const observed: ObservedObject = { key: request.key, size: single, etag: unquoteEtag(output.ETag) };
          if (output.VersionId) observed.versionId = output.VersionId;
          if (request.contentType) observed.contentType = request.contentType;
          return {
            value: undefined,
            objects: [observed],
            ...(output.$metadata.httpStatusCode !== undefined ? { status: output.$metadata.httpStatusCode } : {}),
            ...(output.$metadata.requestId ? { requestId: output.$metadata.requestId } : {}),
          };
        });
      } finally {
        // Released however it ended: a cancel before the request read it (the endpoint behind it answers),
        // a failure part-way. A cancel mid-body is stopped by aborting the request, which tears down the
        // pipeline from its end: destroying the source first would error the SDK's aws-chunked wrapper
        // after its listeners are gone (an uncaught 'Premature close').
        if (source instanceof Readable) source.destroy();
      }
      return;
    }
    const body: Readable = request.body instanceof Readable ? request.body : createReadStream(request.body.path);
    // A declared size is checked here rather than sent as Content-Length: a short body would otherwise
    // leave the request waiting for bytes that never come, and a long one would be cut silently.
    const checked = size === undefined ? body : body.pipe(exactLength(size));
    if (checked !== body) body.once('error', (err) => checked.destroy(err));
    // Stop reading the source on cancel (and release the file or the HTTP request behind it).
    job.controller.signal.addEventListener(
      'abort',
      () => {
        body.destroy();
        checked.destroy();
      },
      { once: true },
    );

    await recordAction(this.#recorder, 'PutObject', target, async (context) => {
      job.dto.actionId = context.actionId;
      const upload = new Upload({
        client,
        params: {
          Bucket: request.bucket,
          Key: request.key,
          Body: checked,
          ContentType: request.contentType ?? 'application/octet-stream',
          ...(request.metadata ? { Metadata: request.metadata } : {}),
        },
        partSize: this.#partSize,
        queueSize: this.#queueSize,
        leavePartsOnError: false,
        abortController: job.controller,
      });
      upload.on('httpUploadProgress', (p) => this.#progress(job, p.loaded ?? job.dto.loaded, p.total));
      const output = await upload.done();
      const multipart = context.commands.includes('CompleteMultipartUploadCommand');
      const observed: ObservedObject = { key: request.key, size: job.dto.loaded, etag: unquoteEtag(output.ETag) };
      if (output.VersionId) observed.versionId = output.VersionId;
      if (request.contentType) observed.contentType = request.contentType;
      return {
        value: undefined,
        objects: [observed],
        ...(multipart ? { operation: 'CompleteMultipartUpload' as const } : {}),
        ...(output.$metadata.httpStatusCode !== undefined ? { status: output.$metadata.httpStatusCode } : {}),
        ...(output.$metadata.requestId ? { requestId: output.$metadata.requestId } : {}),
      };
    });
  }

  /**
   * One streamed PutObject, counting bytes as the SDK reads them; with `attempts` > 1 retried on transient
   * errors, each attempt reading a fresh `open()`. A cancel aborts the request and destroys the source.
   */
  async #putStreamed(
    job: Job,
    client: S3Client,
    request: UploadRequest,
    open: () => Readable,
    size: number,
    attempts: number,
  ): Promise<PutObjectCommandOutput> {
    for (let attempt = 1; ; attempt++) {
      if (job.controller.signal.aborted) throw new AppError({ code: 'Cancelled', message: 'Cancelled' });
      this.#progress(job, 0, size);
      // The SDK pipes the body into the request without watching it for errors: a failed read aborts the
      // request here, or it would wait for the missing bytes until the socket times out. Piped, not
      // stream.pipeline: pipeline would destroy the body the SDK reads with that error, and the SDK's
      // aws-chunked wrapper re-emits it with nobody listening (an uncaught exception); the body is only
      // ever destroyed without an error, after the request has been aborted.
      const attemptController = new AbortController();
      const stopOnCancel = () => attemptController.abort();
      job.controller.signal.addEventListener('abort', stopOnCancel, { once: true });
      let readError: unknown;
      const fail = (err: unknown) => {
        if (attemptController.signal.aborted) return;
        readError ??= err;
        attemptController.abort();
      };
      const source = open();
      const sized = exactLength(size);
      const body = this.#counter(job);
      source.on('error', fail);
      sized.on('error', fail);
      source.pipe(sized).pipe(body);
      try {
        return await client.send(
          new PutObjectCommand({
            Bucket: request.bucket,
            Key: request.key,
            Body: size === 0 ? '' : body,
            ContentLength: size,
            ContentType: request.contentType ?? 'application/octet-stream',
            ...(request.metadata ? { Metadata: request.metadata } : {}),
          }),
          { abortSignal: attemptController.signal },
        );
      } catch (err) {
        if (readError !== undefined) throw readError;
        if (job.controller.signal.aborted || attempt >= attempts || !isTransient(err)) throw err;
        await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** (attempt - 1)));
      } finally {
        job.controller.signal.removeEventListener('abort', stopOnCancel);
        body.destroy();
        sized.destroy();
        source.destroy();
      }
    }
  }

  async #runDownload(job: Job, request: DownloadRequest): Promise<void> {
    const { client, connection } = await this.#clients.get(request.connectionId);
    const output = await client
      .send(new GetObjectCommand({ Bucket: request.bucket, Key: request.key, VersionId: request.versionId }), {
        abortSignal: job.controller.signal,
      })
      .catch((err: unknown) => {
        throw toAppError(err, { endpoint: connection.endpoint, bucket: request.bucket, key: request.key });
      });
    job.dto.total = output.ContentLength ?? 0;
    const source = output.Body as Readable;
    if (request.sink instanceof Writable) {
      await pipeline(source, this.#counter(job), request.sink, { signal: job.controller.signal });
      return;
    }
    if ('segments' in request.sink) {
      const { directory, segments } = request.sink;
      const folder = await ensureFolderInside(directory, segments.slice(0, -1));
      const temporary = temporaryPath(folder, job.dto.id.slice(0, 8));
      try {
        await pipeline(source, this.#counter(job), createWriteStream(temporary, { flags: 'wx' }), { signal: job.controller.signal });
        job.dto.localPath = await commitWithoutOverwrite(temporary, path.join(folder, segments.at(-1) ?? '_'));
      } catch (err) {
        await rm(temporary, { force: true });
        throw err;
      }
      return;
    }
    // A partial file never takes the final name: write beside it, rename when complete.
    const partial = `${request.sink.path}.${job.dto.id.slice(0, 8)}.part`;
    try {
      await pipeline(source, this.#counter(job), createWriteStream(partial), { signal: job.controller.signal });
      await rename(partial, request.sink.path);
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
  }

  #counter(job: Job): Transform {
    let loaded = 0;
    return new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        loaded += chunk.length;
        this.#progress(job, loaded);
        callback(null, chunk);
      },
    });
  }
}

/** Passes a stream through, failing it when it delivers more or fewer bytes than declared. */
function exactLength(expected: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > expected) callback(new AppError({ code: 'InvalidInput', message: `The upload is larger than its declared ${expected} bytes` }));
      else callback(null, chunk);
    },
    flush(callback) {
      if (seen < expected) {
        callback(new AppError({ code: 'InvalidInput', message: `The upload ended after ${seen} of ${expected} bytes` }));
      } else callback();
    },
  });
}

/**
 * Worth another attempt: throttling, a server error, a dropped connection or a timeout
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
 */
function isTransient(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && (status >= 500 || status === 429)) return true;
  if (['SlowDown', 'Throttling', 'ThrottlingException', 'RequestTimeout', 'TimeoutError'].includes(e.name ?? '')) return true;
  return ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'EAI_AGAIN'].includes(e.code ?? '');
}
