// AppApi['transfers'] over the TransferEngine, plus the stream-based upload/download the browser-mode HTTP
// endpoints use (electron/main/web/transfer-endpoints.ts, BrowserTransfers), so both feed one engine.
//
// Constructor: new TransfersService({ engine })
//   engine  TransferEngine (electron/main/s3-client/transfer-engine.ts). The host subscribes with
//           engine.onChange(dto => hub.emit('transfer', dto)) to push progress.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { AppApi, BucketRef } from '../../shared/contract.ts';
import type { TransferDto } from '../../shared/dto.ts';
import { AppError } from '../../shared/errors.ts';
import { contentTypeFor } from '../s3-client/content-type.ts';
import type { OpenedDownload, TransferEngine } from '../s3-client/transfer-engine.ts';
import type { ZipSelection, ZipSourceEntry } from '../web/zip-download.ts';
import { collectUploadEntries } from '../transfers/collect-upload-files.ts';
import { listKeysUnder, listPagesUnder, tooMany } from '../transfers/list-keys-under.ts';
import { checkWritableFolder, ensureFolderInside } from '../transfers/local-file-target.ts';
import { openObject } from '../transfers/open-object.ts';
import { detachableBody } from '../transfers/request-body.ts';
import { safeFolderSegments, safeRelativeSegments } from '../transfers/safe-local-path.ts';

/** Objects one downloadTo may start, after folders are expanded. */
export const MAX_DOWNLOAD_OBJECTS = 100_000;

type DownloadToInput = Parameters<AppApi['transfers']['downloadTo']>[0];

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

  /**
   * A file becomes `prefix + file name`; a folder `prefix + folder name/ + its relative paths` (see
   * transfers/collect-upload-files.ts). Everything is checked before the first transfer is queued. Keys in `skip`
   * (planUpload's names) are not uploaded.
   */
  async uploadPaths(input: BucketRef & { prefix: string; paths: string[]; skip?: string[] | undefined }): Promise<TransferDto[]> {
    const prefix = folderPrefix(input.prefix);
    // "Skip existing": the keys the window found already holding objects are left out.
    const skip = new Set(input.skip);
    const entries = (await collectUploadEntries(input.paths)).filter((entry) => !skip.has(prefix + entry.relativeKey));
    return entries.map((entry) =>
      this.#engine.enqueueUpload({
        connectionId: input.connectionId,
        bucket: input.bucket,
        key: prefix + entry.relativeKey,
        // An empty folder is uploaded as a zero-byte `name/` marker.
        body: entry.file === undefined ? Readable.from([]) : { path: entry.file },
        size: entry.size,
        contentType: entry.file === undefined ? undefined : contentTypeFor(entry.file),
      }),
    );
  }

  /** The keys uploadPaths would write, in its order, from the same walk (nothing is uploaded). */
  async planUpload(input: BucketRef & { prefix: string; paths: string[] }): Promise<{ keys: string[] }> {
    const prefix = folderPrefix(input.prefix);
    return { keys: (await collectUploadEntries(input.paths)).map((entry) => prefix + entry.relativeKey) };
  }

  /**
   * Each object goes to `directory/<key minus prefix>` with its name made safe (transfers/safe-local-path.ts);
   * keys ending in `/` (and, with `objects` omitted, the prefix itself) are folders, listed and expanded.
   * Folder markers become local folders at once; every object is one queued transfer.
   */
  async downloadTo(input: DownloadToInput): Promise<TransferDto[]> {
    const directory = input.directory;
    if (!path.isAbsolute(directory)) throw invalid(`Not an absolute path: ${directory}`, 'directory');
    const info = await stat(directory).catch(() => undefined);
    if (!info?.isDirectory()) throw invalid(`Not a folder: ${directory}`, 'directory');
    await checkWritableFolder(directory);

    const isFolder = (item: { key: string; versionId?: string | undefined }) => item.versionId === undefined && item.key.endsWith('/');
    const selected = input.objects ?? [];
    const folderPrefixes = input.objects ? selected.filter(isFolder).map((item) => item.key) : [input.prefix];
    const objects: { key: string; versionId?: string | undefined; size?: number }[] = [];
    const folders: string[] = [];
    // A file selected on its own and again inside a selected folder is downloaded once.
    const seen = new Set<string>();
    const add = (object: { key: string; versionId?: string | undefined; size?: number }) => {
      const id = `${object.key}\u0000${object.versionId ?? ''}`;
      if (seen.has(id)) return;
      if (objects.length >= MAX_DOWNLOAD_OBJECTS) throw tooMany(MAX_DOWNLOAD_OBJECTS);
      seen.add(id);
      objects.push(object);
    };
    for (const item of selected) if (!isFolder(item)) add(item);
    if (folderPrefixes.length > 0) {
      const { client, connection } = await this.#engine.clients.get(input.connectionId);
      for (const prefix of folderPrefixes) {
        const listed = await listKeysUnder(client, { endpoint: connection.endpoint, bucket: input.bucket, prefix }, MAX_DOWNLOAD_OBJECTS);
        for (const { key, size } of listed) {
          if (key.endsWith('/')) folders.push(key);
          else add({ key, size });
        }
      }
    }
    // Folder markers (`photos/2024/`) keep empty folders; others appear as their files are written. Best
    // effort: a marker whose folder cannot be made (a file in the way) must not stop the files.
    for (const folder of folders) await ensureFolderInside(directory, safeFolderSegments(folder, input.prefix)).catch(() => undefined);
    return objects.map((object) =>
      this.#engine.enqueueDownload({
        connectionId: input.connectionId,
        bucket: input.bucket,
        key: object.key,
        versionId: object.versionId,
        size: object.size,
        sink: { directory, segments: safeRelativeSegments(object.key, input.prefix) },
      }),
    );
  }

  async cancel(input: { id: string }): Promise<void> {
    this.#engine.cancel(input.id);
  }

  async cancelAll(): Promise<{ cancelled: number }> {
    return { cancelled: this.#engine.cancelAll() };
  }

  async clearFinished(): Promise<void> {
    this.#engine.clearFinished();
  }

  /**
   * Browser mode: uploads a request body; resolves when stored, rejects when it failed or was cancelled. The
   * engine reads a stand-in for the request (transfers/request-body.ts), so a cancel leaves the connection open
   * for the endpoint's answer instead of resetting it (which makes Chromium send the whole upload again).
   */
  async upload(input: {
    connectionId: string;
    bucket: string;
    key: string;
    body: Readable;
    size: number;
    contentType: string;
  }): Promise<TransferDto> {
    const queued = this.#engine.enqueueUpload({ ...input, body: detachableBody(input.body) });
    const final = await this.#engine.settled(queued.id);
    if (final.state === 'done') return final;
    throw new AppError(final.error ?? { code: 'Cancelled', message: 'Upload cancelled' });
  }

  /**
   * Browser mode, a zip of a folder or selection: the selected objects, then everything under each selected
   * folder (or under `prefix` when `objects` is omitted), one listing page at a time, each object once.
   */
  async *zipEntries(input: ZipSelection): AsyncGenerator<ZipSourceEntry[]> {
    const seen = new Set<string>();
    const fresh = (entry: ZipSourceEntry) => {
      const id = `${entry.key}\u0000${entry.versionId ?? ''}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    };
    const isFolder = (item: { key: string; versionId?: string | undefined }) => item.versionId === undefined && item.key.endsWith('/');
    const selected = input.objects ?? [];
    const files = selected.filter((item) => !isFolder(item)).filter(fresh);
    if (files.length > 0) yield files;
    const folders = input.objects ? selected.filter(isFolder).map((item) => item.key) : [input.prefix];
    if (folders.length === 0) return;
    const { client, connection } = await this.#engine.clients.get(input.connectionId);
    for (const prefix of folders) {
      for await (const page of listPagesUnder(client, { endpoint: connection.endpoint, bucket: input.bucket, prefix })) yield page.filter(fresh);
    }
  }

  /** Browser mode: one zip entry's body (no transfer row of its own: the browser shows the zip's progress). */
  async openObject(input: { connectionId: string; bucket: string; key: string; versionId?: string | undefined }, signal?: AbortSignal): Promise<Readable> {
    const { client, connection } = await this.#engine.clients.get(input.connectionId);
    return openObject(client, { endpoint: connection.endpoint, bucket: input.bucket, key: input.key, versionId: input.versionId }, signal);
  }

  /** Browser mode: opens an object for an HTTP download; progress and cancel go through the engine. */
  async download(input: { connectionId: string; bucket: string; key: string; versionId?: string | undefined }): Promise<OpenedDownload> {
    return this.#engine.openDownload(input);
  }
}

/** `photos` -> `photos/`: the destination is a folder. */
function folderPrefix(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}

function invalid(message: string, field = 'paths'): AppError {
  return new AppError({ code: 'InvalidInput', message, fields: { [field]: message } });
}
