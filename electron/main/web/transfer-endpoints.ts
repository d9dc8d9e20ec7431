// Object bodies never travel through RPC frames. In browser mode a page has no file paths, so it streams
// a File to PUT /upload and fetches downloads from GET /download; both feed the same transfer engine as
// Electron's path-based transfers, so progress and cancel behave the same.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TransferDto } from '../../shared/dto.ts';
import { AppError, toAppErrorDto } from '../../shared/errors.ts';
import type { ZipSource } from './zip-download.ts';

export interface BrowserTransfers {
  upload(input: {
    connectionId: string;
    bucket: string;
    key: string;
    body: Readable;
    size: number;
    contentType: string;
  }): Promise<TransferDto>;
  download(input: {
    connectionId: string;
    bucket: string;
    key: string;
    versionId?: string | undefined;
  }): Promise<{ body: Readable; size: number; contentType: string }>;
  /** A folder or selection as one zip (zip-download.ts); without them, /download-zip answers 501. */
  zipEntries?: ZipSource['zipEntries'];
  openObject?: ZipSource['openObject'];
}

/** RFC 6266 / 5987: an ASCII fallback plus the exact UTF-8 name. */
export function contentDisposition(fileName: string): string {
  return `attachment; filename="${fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (!value) throw new AppError({ code: 'InvalidInput', message: `Missing query parameter: ${name}` });
  return value;
}

function sendError(res: ServerResponse, err: unknown): void {
  const dto = toAppErrorDto(err);
  const status = dto.code === 'InvalidInput' ? 400 : dto.code === 'NotFound' || dto.code === 'NoSuchKey' ? 404 : 502;
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(dto));
}

export async function handleUpload(transfers: BrowserTransfers, req: IncomingMessage, res: ServerResponse, params: URLSearchParams) {
  try {
    const size = Number(req.headers['content-length']);
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new AppError({ code: 'InvalidInput', message: 'Upload needs a Content-Length' });
    }
    const transfer = await transfers.upload({
      connectionId: required(params, 'connectionId'),
      bucket: required(params, 'bucket'),
      key: required(params, 'key'),
      body: req,
      size,
      contentType: req.headers['content-type'] || 'application/octet-stream',
    });
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(transfer));
  } catch (err) {
    req.resume();
    sendError(res, err);
  }
}

export async function handleDownload(transfers: BrowserTransfers, res: ServerResponse, params: URLSearchParams) {
  try {
    const key = required(params, 'key');
    const { body, size, contentType } = await transfers.download({
      connectionId: required(params, 'connectionId'),
      bucket: required(params, 'bucket'),
      key,
      versionId: params.get('versionId') ?? undefined,
    });
    const fileName = key.split('/').filter(Boolean).pop() ?? 'download';
    res.writeHead(200, {
      'Content-Type': contentType,
      'Content-Length': size,
      'Content-Disposition': contentDisposition(fileName),
      'X-Content-Type-Options': 'nosniff',
    });
    // pipeline, not pipe: a browser that abandons the download must also cancel the transfer behind it.
    await pipeline(body, res).catch(() => res.destroy());
  } catch (err) {
    sendError(res, err);
  }
}
