// AppApi['transfers'] over the TransferEngine, plus the stream-based upload/download the browser-mode HTTP
// endpoints use (electron/main/web/transfer-endpoints.ts, BrowserTransfers), so both feed one engine.
//
// Constructor: new TransfersService({ engine })
//   engine  TransferEngine (electron/main/s3-client/transfer-engine.ts). The host subscribes with
//           engine.onChange(dto => hub.emit('transfer', dto)) to push progress.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { AppApi, BucketRef } from '../../shared/contract.ts';
import type { TransferDto } from '../../shared/dto.ts';
import { AppError } from '../../shared/errors.ts';
import { contentTypeFor } from '../s3-client/content-type.ts';
import type { OpenedDownload, TransferEngine } from '../s3-client/transfer-engine.ts';

export interface TransfersServiceOptions {
  engine: TransferEngine;
}

export class TransfersService implements Readonly<AppApi['transfers']> {
  readonly #engine: TransferEngine;

  constructor(options: TransfersServiceOptions) {
    this.#engine = options.engine;
  }

  async list(): Promise<TransferDto[]> {
    return this.#engine.list();
  }

  /** Each path becomes `prefix + file name`; directories are refused (folder upload is not in the contract yet). */
  async uploadPaths(input: BucketRef & { prefix: string; paths: string[] }): Promise<TransferDto[]> {
    const files = await Promise.all(
      input.paths.map(async (file) => {
        if (!path.isAbsolute(file)) throw invalid(`Not an absolute path: ${file}`);
        const info = await stat(file).catch(() => {
          throw invalid(`Cannot read ${file}`);
        });
        if (!info.isFile()) throw invalid(`Not a file: ${file}`);
        return { file, size: info.size };
      }),
    );
    const prefix = input.prefix === '' || input.prefix.endsWith('/') ? input.prefix : `${input.prefix}/`;
    return files.map(({ file, size }) =>
      this.#engine.enqueueUpload({
        connectionId: input.connectionId,
        bucket: input.bucket,
        key: prefix + path.basename(file),
        body: { path: file },
        size,
        contentType: contentTypeFor(file),
      }),
    );
  }

  async cancel(input: { id: string }): Promise<void> {
    this.#engine.cancel(input.id);
  }

  async clearFinished(): Promise<void> {
    this.#engine.clearFinished();
  }

  /** Browser mode: uploads a request body; resolves when stored, rejects when it failed or was cancelled. */
  async upload(input: {
    connectionId: string;
    bucket: string;
    key: string;
    body: Readable;
    size: number;
    contentType: string;
  }): Promise<TransferDto> {
    const queued = this.#engine.enqueueUpload(input);
    const final = await this.#engine.settled(queued.id);
    if (final.state === 'done') return final;
    throw new AppError(final.error ?? { code: 'Cancelled', message: 'Upload cancelled' });
  }

  /** Browser mode: opens an object for an HTTP download; progress and cancel go through the engine. */
  async download(input: { connectionId: string; bucket: string; key: string; versionId?: string | undefined }): Promise<OpenedDownload> {
    return this.#engine.openDownload(input);
  }
}

function invalid(message: string): AppError {
  return new AppError({ code: 'InvalidInput', message, fields: { paths: message } });
}
