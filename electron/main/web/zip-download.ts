// Browser mode has no folder to download into: a folder or a selection comes as one zip, streamed while the
// objects are listed and read (yazl writes each entry as its bytes arrive; nothing is buffered whole, no temp file).
// Two steps, because a selection can be too long for a URL and the page's CSP allows no form posts:
//   POST /download-zip  (Bearer token) JSON selection  -> { url }  (kept for LINK_TTL_MS, usable once)
//   GET  /download-zip?id=…&token=…                     -> the zip, as an attachment
// Entry names are made safe like Electron's folder downloads (transfers/safe-local-path.ts): no `..`, no leading
// `/`, no characters Windows refuses; names that collide (also by case) get ` (1)`.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { z } from 'zod';
import { AppError, toAppErrorDto } from '../../shared/errors.ts';
import { numberedName, safeFolderSegments, safeRelativeSegments, safeSegment } from '../transfers/safe-local-path.ts';
import { contentDisposition } from './transfer-endpoints.ts';

export interface ZipSelection {
  connectionId: string;
  bucket: string;
  /** The folder shown: entry names are relative to it. */
  prefix: string;
  /** Keys ending in `/` are folders (everything under them); omitted means everything under `prefix`. */
  objects?: { key: string; versionId?: string | undefined }[] | undefined;
}

export interface ZipSourceEntry {
  key: string;
  versionId?: string | undefined;
  lastModified?: Date | undefined;
}

export interface ZipSource {
  /** The objects of the selection, a listing page at a time. */
  zipEntries(input: ZipSelection): AsyncIterable<ZipSourceEntry[]>;
  openObject(input: { connectionId: string; bucket: string; key: string; versionId?: string | undefined }, signal?: AbortSignal): Promise<Readable>;
}

/** How long a prepared link may wait for the browser to follow it. */
export const LINK_TTL_MS = 60_000;
/** Entries one zip may hold (yazl keeps each entry's metadata until the central directory is written). */
export const MAX_ZIP_ENTRIES = 100_000;
/** Entries listed but not yet read, before the next listing page is asked for. */
const MAX_WAITING = 2_000;
/** Objects requested ahead of the one being written (each holds at most a socket's buffers until its turn). */
const PREFETCH = 8;
const MAX_BODY_BYTES = 16 * 1024 * 1024;

// Deflating these gains nothing and costs CPU: they are stored as they are.
const COMPRESSED = new Set(
  'jpg jpeg png gif webp heic heif avif mp4 m4v mov mkv webm avi mp3 m4a aac ogg opus flac zip gz tgz bz2 xz zst 7z rar jar apk docx xlsx pptx odt woff woff2 br'.split(' '),
);

const selectionSchema = z
  .object({
    connectionId: z.string().min(1).max(200),
    bucket: z.string().min(1).max(255),
    prefix: z.string().max(1024),
    objects: z
      .array(z.object({ key: z.string().min(1).max(1024), versionId: z.string().min(1).max(1024).optional() }).strict())
      .min(1)
      .max(MAX_ZIP_ENTRIES)
      .optional(),
  })
  .strict();

interface Waiting {
  entry: ZipSourceEntry;
  body?: Promise<Readable>;
}

interface Prepared {
  selection: ZipSelection;
  pages: AsyncIterator<ZipSourceEntry[]>;
  first: IteratorResult<ZipSourceEntry[]>;
  name: string;
  expires: number;
}

export class ZipDownloads {
  readonly #source: ZipSource;
  readonly #prepared = new Map<string, Prepared>();

  constructor(source: ZipSource) {
    this.#source = source;
  }

  /** POST: remembers the selection under a random id and answers the link to fetch it from. */
  async prepare(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const parsed = selectionSchema.safeParse(JSON.parse(await readBody(req)));
      if (!parsed.success) throw new AppError({ code: 'InvalidInput', message: `Not a valid selection: ${parsed.error.issues[0]?.message ?? 'unknown'}` });
      // The first listing page is asked for here, so a wrong bucket or a refused listing is this request's error
      // (the window shows it) instead of a failed download in the browser's list.
      const pages = this.#source.zipEntries(parsed.data)[Symbol.asyncIterator]();
      const first = await pages.next();
      const now = Date.now();
      for (const [id, p] of this.#prepared) if (p.expires < now) this.#prepared.delete(id);
      const id = randomBytes(16).toString('base64url');
      this.#prepared.set(id, { selection: parsed.data, pages, first, name: zipName(parsed.data), expires: now + LINK_TTL_MS });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ url: `/download-zip?id=${id}` }));
    } catch (err) {
      req.resume();
      sendError(res, err instanceof SyntaxError ? new AppError({ code: 'InvalidInput', message: 'The selection is not JSON' }) : err);
    }
  }

  /** GET: streams the zip of a prepared selection (each link works once). */
  async download(res: ServerResponse, params: URLSearchParams): Promise<void> {
    const id = params.get('id') ?? '';
    const prepared = this.#prepared.get(id);
    this.#prepared.delete(id);
    if (!prepared || prepared.expires < Date.now()) {
      return sendError(res, new AppError({ code: 'NotFound', message: 'This download link has expired or was used already: start the download again.' }));
    }
    await streamZip(this.#source, prepared, res);
  }
}

/**
 * Lists and reads while the browser receives (the first listing page was read when the link was prepared). A
 * failure on the way (an object deleted meanwhile, the connection lost) aborts the response, so the browser
 * reports the download as failed instead of keeping a zip with missing files.
 */
async function streamZip(source: ZipSource, prepared: Prepared, res: ServerResponse): Promise<void> {
  const { selection, name, pages } = prepared;
  let step = prepared.first;
  res.writeHead(200, {
    'Content-Type': 'application/zip',
    'Content-Disposition': contentDisposition(name),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  const abort = new AbortController();
  let wake: (() => void) | undefined;
  const stop = () => {
    if (abort.signal.aborted) return;
    abort.abort();
    wake?.();
    res.destroy();
  };
  // The browser cancelled or went away: stop listing and reading.
  res.once('close', () => {
    if (!res.writableFinished) stop();
  });
  const zip = new ZipFile();
  zip.on('error', stop);
  const sent = pipeline(zip.outputStream, res).catch(stop);
  const names = new EntryNames();
  /** Files added and not yet handed to yazl, in order; some already requested (PREFETCH). */
  const waiting: Waiting[] = [];
  const open = (item: Waiting): Promise<Readable> => {
    if (item.body) return item.body;
    const { key, versionId } = item.entry;
    item.body = source.openObject({ connectionId: selection.connectionId, bucket: selection.bucket, key, versionId }, abort.signal).then((body) => {
      // Opened after the zip stopped, being written, or waiting its turn: each is released when the zip stops.
      if (abort.signal.aborted) body.destroy();
      else {
        live.add(body);
        body.once('close', () => live.delete(body));
      }
      return body;
    });
    // A prefetched object that fails is reported when its turn comes (or never, if the zip stops first).
    item.body.catch(() => undefined);
    return item.body;
  };
  const live = new Set<Readable>();
  abort.signal.addEventListener('abort', () => {
    for (const body of live) body.destroy();
  });
  let added = 0;
  let started = 0;
  const add = (entry: ZipSourceEntry) => {
    const mtime = entry.lastModified ?? new Date();
    if (entry.versionId === undefined && entry.key.endsWith('/')) {
      // A folder marker keeps an empty folder; the folder itself (the prefix) is the zip's root.
      const segments = safeFolderSegments(entry.key, selection.prefix);
      if (segments.length > 0) zip.addEmptyDirectory(names.folder(segments), { mtime });
      return;
    }
    if (++added > MAX_ZIP_ENTRIES) throw new AppError({ code: 'InvalidInput', message: `More than ${MAX_ZIP_ENTRIES} objects` });
    const entryName = names.file(safeRelativeSegments(entry.key, selection.prefix));
    const extension = entryName.slice(entryName.lastIndexOf('.') + 1).toLowerCase();
    const item: Waiting = { entry };
    waiting.push(item);
    zip.addReadStreamLazy(entryName, { mtime, compress: !COMPRESSED.has(extension) }, (done) => {
      started++;
      wake?.();
      // yazl asks in the order entries were added, so this is (almost always) the first one waiting.
      waiting.splice(waiting.indexOf(item), 1);
      // The next few are requested now: a folder of small files is bound by round trips, not bytes.
      for (const next of waiting.slice(0, PREFETCH)) open(next);
      open(item).then(
        (body) => done(null, body),
        (err: unknown) => done(err, undefined as unknown as Readable),
      );
    });
  };
  try {
    while (!step.done && !abort.signal.aborted) {
      for (const entry of step.value) add(entry);
      // Memory stays flat for any number of objects: the next page is listed once most of these are being read.
      while (added - started > MAX_WAITING && !abort.signal.aborted) await new Promise<void>((resolve) => (wake = resolve));
      step = await pages.next();
    }
  } catch {
    stop();
  }
  if (abort.signal.aborted) {
    await pages.return?.(undefined);
    return;
  }
  zip.end();
  await sent;
}

/**
 * Entry names, unique the way a file system needs them: a name taken by an earlier entry (ignoring case, as on
 * Windows and macOS) gets ` (1)`; a folder whose name an earlier file took becomes `name (1)/` for every entry below it.
 */
export class EntryNames {
  /** Lower-cased path -> what holds it. */
  readonly #taken = new Map<string, 'file' | 'folder'>();
  /** A folder path as the keys spell it -> the path it got. */
  readonly #renamed = new Map<string, string>();

  file(segments: string[]): string {
    return this.#claim(this.#folderPath(segments.slice(0, -1)), segments.at(-1) ?? '_', 'file');
  }

  folder(segments: string[]): string {
    return this.#folderPath(segments);
  }

  #folderPath(segments: string[]): string {
    let parent = '';
    for (const segment of segments) {
      const path = parent ? `${parent}/${segment}` : segment;
      const renamed = this.#renamed.get(path);
      if (renamed !== undefined) {
        parent = renamed;
        continue;
      }
      const holder = this.#taken.get(path.toLowerCase());
      if (holder === 'file') {
        const other = this.#claim(parent, segment, 'folder');
        this.#renamed.set(path, other);
        parent = other;
      } else {
        this.#taken.set(path.toLowerCase(), 'folder');
        parent = path;
      }
    }
    return parent;
  }

  #claim(parent: string, name: string, kind: 'file' | 'folder'): string {
    for (let n = 0; ; n++) {
      const candidate = n === 0 ? name : numberedName(name, n);
      const path = parent ? `${parent}/${candidate}` : candidate;
      if (this.#taken.has(path.toLowerCase())) continue;
      this.#taken.set(path.toLowerCase(), kind);
      return path;
    }
  }
}

/** `photos.zip` for the folder photos/ (selected, or open with nothing selected), else `<bucket>.zip` or the open folder's name. */
function zipName(selection: ZipSelection): string {
  const folders = selection.objects?.filter((o) => o.versionId === undefined && o.key.endsWith('/')) ?? [];
  const source = selection.objects === undefined ? selection.prefix : folders.length === 1 && selection.objects.length === 1 ? folders[0]!.key : selection.prefix;
  const last = source.split('/').filter(Boolean).pop();
  return `${(last === undefined ? '' : safeSegment(last)) || safeSegment(selection.bucket) || 'download'}.zip`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new AppError({ code: 'InvalidInput', message: 'The selection is too large' });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendError(res: ServerResponse, err: unknown): void {
  const dto = toAppErrorDto(err);
  const status = dto.code === 'InvalidInput' ? 400 : dto.code === 'NotFound' || dto.code === 'NoSuchKey' || dto.code === 'NoSuchBucket' ? 404 : 502;
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(dto));
}
