// The transfer queue: transfers main runs (pushed as `transfer` events) plus, in browser mode, the uploads
// this window is streaming over HTTP right now (their progress comes from XHR until the server answers).
import type { ApiClient } from '../api/index.ts';
import type { TransferDto } from '../../../electron/shared/dto.ts';
import { describeError } from '../lib/format/errors.ts';

export interface TransferView extends TransferDto {
  /** True for an upload this window streams itself (browser mode). */
  local?: boolean;
}

/** A browser upload that did not complete: what it takes to send it again. */
export interface UnfinishedUpload {
  file: File;
  /** As given to upload() ('' when the key came from the file's own name or folder path). */
  relativePath: string;
  key: string;
  state: 'failed' | 'cancelled';
  /** S3's error code when it failed (NoSuchBucket, ...). */
  code?: string;
}

export interface UploadDestination {
  connectionId: string;
  bucket: string;
  prefix: string;
}

const PARALLEL_UPLOADS = 3;
/** How often the list may change while transfers report progress. */
const PUBLISH_EVERY_MS = 50;

/** The key a browser upload of `file` gets under `prefix`: its path in a picked or dropped folder, else its name. */
export function uploadKey(file: File, prefix: string, relativePath?: string): string {
  return prefix + (relativePath || (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name);
}

/** Connection, bucket and key of a transfer, as one map key. */
function targetOf(t: TransferDto): string {
  return `${t.connectionId}\u0000${t.bucket}\u0000${t.key}`;
}

/** Whether the server's transfer `s` is the one a browser upload `l` of this window is streaming. */
function isTwin(l: TransferView, s: TransferDto): boolean {
  return s.kind === 'upload' && s.connectionId === l.connectionId && s.bucket === l.bucket && s.key === l.key && s.startedAt >= l.startedAt.slice(0, 19);
}

export class TransfersState {
  items = $state.raw<TransferView[]>([]);
  running = $derived(this.items.filter((t) => t.state === 'running').length);
  queued = $derived(this.items.filter((t) => t.state === 'queued').length);
  active = $derived(this.running + this.queued);
  failed = $derived(this.items.filter((t) => t.state === 'failed').length);

  /** Called when a transfer finishes, so the browser can refresh the folder it landed in. */
  onFinished: ((t: TransferView) => void) | undefined;

  #api: ApiClient;
  #server = new Map<string, TransferView>();
  #local = new Map<string, TransferView>();
  #aborts = new Map<string, AbortController>();
  #off: (() => void) | undefined;
  #localIds = 0;
  #publishTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async start(): Promise<void> {
    this.#off = this.#api.onEvent((e) => {
      if (e.name === 'transfer') this.#applyServer(e.payload);
    });
    try {
      for (const t of await this.#api.transfers.list()) if (!this.#server.has(t.id)) this.#server.set(t.id, t);
      this.#publishNow();
    } catch {
      /* the queue just starts empty */
    }
  }

  dispose(): void {
    clearTimeout(this.#publishTimer);
    this.#off?.();
    for (const a of this.#aborts.values()) a.abort();
  }

  #applyServer(t: TransferDto) {
    const before = this.#server.get(t.id);
    this.#server.set(t.id, t);
    this.#publish();
    if ((t.state === 'done' || t.state === 'failed') && before?.state !== t.state) this.onFinished?.(t);
  }

  /**
   * Rebuilds `items` at most once per PUBLISH_EVERY_MS: a folder of files sends several updates per file (queued,
   * running, progress, done, from the window and from main), and rebuilding and re-rendering the list on each
   * one kept the window busy for most of a large upload.
   */
  #publish() {
    if (this.#publishTimer !== undefined) return;
    this.#publishTimer = setTimeout(() => {
      this.#publishTimer = undefined;
      this.#publishNow();
    }, PUBLISH_EVERY_MS);
  }

  #publishNow() {
    clearTimeout(this.#publishTimer);
    this.#publishTimer = undefined;
    // While a browser upload streams, the server reports the same upload as its own transfer: show one row.
    const server = [...this.#server.values()];
    // The newest server upload per target, so hiding a local twin is one lookup: checking every local row against
    // every server row on each publish (several per file) grew with the cube of the number of files.
    const newest = new Map<string, string>();
    for (const s of server) {
      if (s.kind !== 'upload') continue;
      const at = newest.get(targetOf(s));
      if (at === undefined || s.startedAt > at) newest.set(targetOf(s), s.startedAt);
    }
    const local = [...this.#local.values()].filter((l) => {
      const at = newest.get(targetOf(l));
      return at === undefined || at < l.startedAt.slice(0, 19);
    });
    this.items = [...local, ...server].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  /** Whether this transport can upload the given files at all. */
  get canUpload(): boolean {
    return Boolean(this.#api.files.upload || this.#api.files.pathForFile);
  }

  /** Electron: files picked in a native dialog are read by main from their paths. */
  async uploadPaths(paths: string[], dest: UploadDestination, skip: string[] = []): Promise<void> {
    if (paths.length === 0) return;
    const started = await this.#api.transfers.uploadPaths({ connectionId: dest.connectionId, bucket: dest.bucket, prefix: dest.prefix, paths, ...skipped(skip) });
    for (const t of started) this.#server.set(t.id, t);
    this.#publishNow();
  }

  /** Electron: main downloads the objects into a local folder the user picked. */
  async downloadTo(input: { connectionId: string; bucket: string; prefix: string; directory: string; objects: { key: string; versionId?: string | undefined }[] }): Promise<void> {
    const started = await this.#api.transfers.downloadTo(input);
    for (const t of started) this.#server.set(t.id, t);
    this.#publishNow();
  }

  /** `relativePaths` (relative to the destination folder) default to each file's relative path or name. */
  /**
   * Resolves once every file is through, with the browser uploads that failed or were cancelled (their Files, so
   * the window can offer to send them again: the transfer list's Retry needs a path, which a page has not).
   */
  async upload(files: File[], dest: UploadDestination, relativePaths?: string[], skip: string[] = []): Promise<UnfinishedUpload[]> {
    if (files.length === 0) return [];
    const { pathForFile, upload } = this.#api.files;
    const paths = pathForFile ? files.map((f) => pathForFile(f)).filter((p): p is string => Boolean(p)) : [];
    if (paths.length === files.length) {
      const started = await this.#api.transfers.uploadPaths({ connectionId: dest.connectionId, bucket: dest.bucket, prefix: dest.prefix, paths, ...skipped(skip) });
      for (const t of started) this.#server.set(t.id, t);
      this.#publishNow();
      return [];
    }
    if (!upload) throw new Error('This window cannot upload files: pick them with the Upload button instead.');
    // "Skip existing" in the replace question: those keys are left out.
    const leaveOut = new Set(skip);
    const chosen = files
      .map((file, i) => ({ file, relativePath: relativePaths?.[i] ?? '', key: uploadKey(file, dest.prefix, relativePaths?.[i]) }))
      .filter((f) => !leaveOut.has(f.key));
    if (chosen.length === 0) return [];
    const jobs = chosen.map(({ file, relativePath, key }) => {
      const view: TransferView = {
        id: `local-${++this.#localIds}`,
        kind: 'upload',
        connectionId: dest.connectionId,
        bucket: dest.bucket,
        key,
        loaded: 0,
        total: file.size,
        state: 'queued',
        startedAt: new Date().toISOString(),
        local: true,
      };
      this.#local.set(view.id, view);
      return { file, view, relativePath };
    });
    this.#publishNow();
    const queue = [...jobs];
    const worker = async () => {
      for (let job = queue.shift(); job; job = queue.shift()) await this.#runLocal(job.file, job.view.id);
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_UPLOADS, jobs.length) }, worker));
    return jobs.flatMap(({ file, view, relativePath }) => {
      const local = this.#local.get(view.id);
      const state = local?.state;
      if (state !== 'failed' && state !== 'cancelled') return [];
      return [{ file, relativePath, key: view.key, state, ...(local?.error ? { code: local.error.code } : {}) }];
    });
  }

  async #runLocal(file: File, id: string) {
    const upload = this.#api.files.upload;
    const view = this.#local.get(id);
    if (!upload || !view || view.state === 'cancelled') return;
    const abort = new AbortController();
    this.#aborts.set(id, abort);
    this.#updateLocal(id, { state: 'running' });
    let lastPublish = 0;
    try {
      const dto = await upload({ connectionId: view.connectionId, bucket: view.bucket, key: view.key }, file, (loaded, total) => {
        const now = performance.now();
        if (now - lastPublish > 100 || loaded === total) {
          lastPublish = now;
          this.#updateLocal(id, { loaded, total });
        }
      }, abort.signal);
      if (dto) {
        // The server's record of this upload replaces the local one.
        this.#server.set(dto.id, dto);
        this.#local.delete(id);
        this.#publish();
        this.onFinished?.(dto);
        return;
      }
      this.#updateLocal(id, { state: 'done', loaded: file.size, finishedAt: new Date().toISOString() });
    } catch (err) {
      const error = describeError(err);
      this.#updateLocal(id, { state: error.code === 'Cancelled' ? 'cancelled' : 'failed', error, finishedAt: new Date().toISOString() });
    } finally {
      this.#aborts.delete(id);
    }
    const done = this.#local.get(id);
    if (done) this.onFinished?.(done);
  }

  #updateLocal(id: string, patch: Partial<TransferView>) {
    const view = this.#local.get(id);
    if (!view) return;
    this.#local.set(id, { ...view, ...patch });
    this.#publish();
  }

  async cancel(id: string): Promise<void> {
    const local = this.#local.get(id);
    if (local) {
      const abort = this.#aborts.get(id);
      if (abort) abort.abort();
      else this.#updateLocal(id, { state: 'cancelled' });
      return;
    }
    await this.#api.transfers.cancel({ id });
    // The row of a browser upload is the server's transfer: stop this window sending the rest of the file too.
    const server = this.#server.get(id);
    if (!server) return;
    for (const [localId, l] of this.#local) if (l.state === 'running' && isTwin(l, server)) this.#aborts.get(localId)?.abort();
  }

  /**
   * Cancels every running and queued transfer; resolves with how many it cancelled. Queued ones go first (this
   * window's, then main's, in main's one transfers.cancelAll), so none of them starts in the place of a running one
   * being cancelled. A transfer that finishes meanwhile is left as it is.
   */
  async cancelAll(): Promise<number> {
    const active = this.items.filter((t) => t.state === 'queued' || t.state === 'running');
    let cancelled = 0;
    for (const t of active) {
      if (t.local && t.state === 'queued') {
        this.#updateLocal(t.id, { state: 'cancelled', finishedAt: new Date().toISOString() });
        cancelled++;
      }
    }
    // Main's transfers (with the server side of this window's browser uploads): one request, not one per row.
    if (active.some((t) => !t.local) || this.#aborts.size > 0) cancelled += (await this.#api.transfers.cancelAll()).cancelled;
    // This window's running browser uploads: stop sending the rest of their files too. Those main already had
    // as its own transfer were counted there (their row is main's); the others are counted here.
    cancelled += active.filter((t) => t.local && t.state === 'running').length;
    for (const [id, abort] of this.#aborts) if (this.#local.get(id)?.state === 'running') abort.abort();
    this.#publishNow();
    return cancelled;
  }

  async clearFinished(): Promise<void> {
    for (const [id, t] of this.#local) if (t.state !== 'running' && t.state !== 'queued') this.#local.delete(id);
    await this.#api.transfers.clearFinished();
    for (const [id, t] of this.#server) if (t.state !== 'running' && t.state !== 'queued') this.#server.delete(id);
    this.#publishNow();
  }
}

/** uploadPaths' `skip`, sent only when there is something to leave out. */
function skipped(skip: string[]): { skip?: string[] } {
  return skip.length > 0 ? { skip } : {};
}
