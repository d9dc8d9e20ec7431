// The open connection's buckets and the folder being browsed. Listings are fetched a page (1,000 keys) at a
// time with continuation tokens; every request carries a generation number so a slow answer for a folder
// the user already left never overwrites the current one.
import type { ApiClient } from '../api/index.ts';
import type { BucketDto, ObjectDetails, ObjectEntry, ObjectProperties, VersionEntry, VersioningState } from '../../../electron/shared/dto.ts';
import type { AppErrorDto } from '../../../electron/shared/errors.ts';
import { baseName, parentPrefix } from '../lib/format/format.ts';
import { describeError } from '../lib/format/errors.ts';
import { AppError } from '../../../electron/shared/errors.ts';

export const PAGE_SIZE = 1000;
/** CopyObject requests in flight while a folder is copied or moved. */
const FOLDER_COPY_PARALLEL = 4;

export type Row =
  | { kind: 'folder'; key: string; name: string }
  | { kind: 'object'; key: string; name: string; entry: ObjectEntry }
  /** "Show versions" mode: one row per version or delete marker; `key` is the row id, `objectKey` the S3 key. */
  | { kind: 'version'; key: string; name: string; objectKey: string; version: VersionEntry };

const VERSION_SEP = '\u0000';

export type SortColumn = 'name' | 'size' | 'modified';
export interface SortOrder {
  by: SortColumn;
  desc: boolean;
}

/** Binary (UTF-16 code unit) order: S3's own listing order for ASCII keys, so name ascending changes nothing. */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The rows in the chosen order: folders stay first (they have no size or date; by name they follow the order
 * too), objects or versions by the column, then by name so equal sizes or dates keep a stable order.
 */
export function sortRows(rows: Row[], order: SortOrder): Row[] {
  if (order.by === 'name' && !order.desc) return rows;
  const sign = order.desc ? -1 : 1;
  const folders = rows.filter((r) => r.kind === 'folder');
  const files = rows.filter((r) => r.kind !== 'folder');
  const size = (r: Row) => (r.kind === 'object' ? r.entry.size : r.kind === 'version' ? r.version.size : 0);
  const date = (r: Row) => (r.kind === 'object' ? r.entry.lastModified : r.kind === 'version' ? r.version.lastModified : '');
  const time = new Map<Row, number>();
  if (order.by === 'modified') for (const r of files) time.set(r, Date.parse(date(r)) || 0);
  files.sort((a, b) => {
    const d = order.by === 'size' ? size(a) - size(b) : order.by === 'modified' ? time.get(a)! - time.get(b)! : byName(a.name, b.name);
    return d !== 0 ? sign * d : byName(a.name, b.name);
  });
  if (order.by === 'name') folders.reverse();
  return [...folders, ...files];
}

/** The row id of one version (keys never contain NUL, S3 forbids it in XML). */
export function versionRowId(key: string, versionId: string): string {
  return `${key}${VERSION_SEP}${versionId}`;
}

export function parseVersionRowId(id: string): { key: string; versionId?: string } {
  const at = id.indexOf(VERSION_SEP);
  return at < 0 ? { key: id } : { key: id.slice(0, at), versionId: id.slice(at + 1) };
}

/** A place in the open connection, for the Back/Forward history. */
export interface Location {
  bucket: string;
  prefix: string;
}

/** Visits kept for Back (a file manager's history, not an unbounded log). */
const HISTORY_LIMIT = 100;

export class BrowserState {
  connectionId = $state<string | undefined>();
  buckets = $state.raw<BucketDto[]>([]);
  bucketsLoading = $state(false);
  bucketsError = $state<AppErrorDto | undefined>();

  bucket = $state<string | undefined>();
  versioning = $state<VersioningState | undefined>();
  prefix = $state('');
  folders = $state.raw<string[]>([]);
  objects = $state.raw<ObjectEntry[]>([]);
  nextToken = $state<string | undefined>();
  loading = $state(false);
  listError = $state<AppErrorDto | undefined>();
  filter = $state('');
  /** List every version and delete marker instead of the current objects (versioned buckets). */
  showVersions = $state(false);
  /**
   * Every object under the folder, sub-folders included, named by its path from here (no delimiter): with the
   * filter, a search through the whole folder tree as far as it is loaded.
   */
  flat = $state(false);
  versionList = $state.raw<VersionEntry[]>([]);

  selectedKey = $state<string | undefined>();
  /** Every selected row key (Ctrl/Shift-click, Shift+arrows, Ctrl+A); includes `selectedKey`. */
  marked = $state.raw<string[]>([]);
  #anchor: string | undefined;
  details = $state.raw<ObjectDetails | undefined>();
  detailsLoading = $state(false);
  detailsError = $state<AppErrorDto | undefined>();
  versions = $state.raw<VersionEntry[] | undefined>();

  /** The list's order (a column header click); only the entries loaded so far are sorted. */
  sort = $state<SortOrder>({ by: 'name', desc: false });

  /** Sorts by a column, or reverses the order when it already sorts by it (sizes and dates start largest, newest). */
  sortBy(by: SortColumn): void {
    this.sort = this.sort.by === by ? { by, desc: !this.sort.desc } : { by, desc: by !== 'name' };
  }

  #rowsInListOrder: Row[] = $derived.by(() => {
    const needle = this.filter.trim().toLowerCase();
    const out: Row[] = [];
    if (this.showVersions) {
      // ListObjectVersions has no delimiter here: derive this folder's sub-folders from deeper keys.
      const folders = new Set<string>();
      const versions: Row[] = [];
      for (const v of this.versionList) {
        const rest = v.key.slice(this.prefix.length);
        const cut = rest.indexOf('/');
        if (cut >= 0 && cut < rest.length - 1) folders.add(this.prefix + rest.slice(0, cut + 1));
        else if (rest !== '' && (!needle || rest.toLowerCase().includes(needle))) {
          versions.push({ kind: 'version', key: versionRowId(v.key, v.versionId), name: rest, objectKey: v.key, version: v });
        }
      }
      for (const key of folders) {
        const name = baseName(key);
        if (!needle || name.toLowerCase().includes(needle)) out.push({ kind: 'folder', key, name });
      }
      return [...out, ...versions];
    }
    for (const key of this.folders) {
      const name = baseName(key);
      if (!needle || name.toLowerCase().includes(needle)) out.push({ kind: 'folder', key, name });
    }
    for (const entry of this.objects) {
      // A zero-byte "folder marker" equal to the prefix itself is not a child of the folder.
      if (entry.key === this.prefix) continue;
      const name = entry.key.slice(this.prefix.length);
      if (!needle || name.toLowerCase().includes(needle)) out.push({ kind: 'object', key: entry.key, name, entry });
    }
    return out;
  });

  /** The rows on screen: the listing, filtered, in the chosen order. */
  rows: Row[] = $derived(sortRows(this.#rowsInListOrder, this.sort));

  /** Entries listed so far (folders, objects or versions), whether the filter shows them or not. */
  loaded = $derived(this.showVersions ? this.versionList.length : this.folders.length + this.objects.length);

  selectedRow: Row | undefined = $derived(this.rows.find((r) => r.key === this.selectedKey));
  markedSet = $derived(new Set(this.marked));
  /** The selected rows (Ctrl+arrows can put the focused row outside them: what is selected is what acts). */
  markedRows: Row[] = $derived(this.rows.filter((r) => this.markedSet.has(r.key)));
  /** An object key selected without a row in the listing (deleted, filtered out, or not loaded yet). */
  selectedElsewhere = $derived(this.selectedKey !== undefined && !this.selectedKey.endsWith('/') && this.selectedRow === undefined);

  /** Breadcrumb segments after the bucket: [{label, prefix}] */
  crumbs = $derived.by(() => {
    const parts = this.prefix.split('/').filter((p, i, all) => p !== '' || i < all.length - 1);
    const out: { label: string; prefix: string }[] = [];
    let acc = '';
    for (const part of parts) {
      acc += `${part}/`;
      out.push({ label: part || '(empty)', prefix: acc });
    }
    return out;
  });

  /** Folders visited before the current one in this connection (Alt+Left goes back), newest last. */
  backStack = $state.raw<Location[]>([]);
  /** Folders left with Back (Alt+Right goes forward again), the next one last. */
  forwardStack = $state.raw<Location[]>([]);
  /** Where the listing is, as recorded for Back/Forward (set once a folder is opened). */
  #here: Location | undefined;

  #api: ApiClient;
  #listGen = 0;
  #bucketsGen = 0;
  #detailsGen = 0;
  /** Called when a connection answered or failed, for the sidebar's status dot. */
  onConnectionStatus: ((id: string, ok: boolean, error?: AppErrorDto) => void) | undefined;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async openConnection(id: string): Promise<void> {
    if (this.connectionId !== id) {
      this.connectionId = id;
      this.bucket = undefined;
      this.#resetListing('');
      this.#clearHistory();
    }
    await this.loadBuckets();
  }

  /** Back to the connection overview (its buckets in the sidebar, its details on the right). */
  closeBucket(): void {
    this.bucket = undefined;
    this.versioning = undefined;
    this.#resetListing('');
  }

  closeConnection(): void {
    this.#clearHistory();
    this.connectionId = undefined;
    this.buckets = [];
    this.bucket = undefined;
    this.#resetListing('');
  }

  async loadBuckets(): Promise<void> {
    const id = this.connectionId;
    if (!id) return;
    const gen = ++this.#bucketsGen;
    this.bucketsLoading = true;
    this.bucketsError = undefined;
    try {
      const buckets = await this.#api.buckets.list({ connectionId: id });
      if (gen !== this.#bucketsGen) return;
      this.buckets = buckets;
      this.onConnectionStatus?.(id, true);
    } catch (err) {
      if (gen !== this.#bucketsGen) return;
      this.buckets = [];
      this.bucketsError = describeError(err);
      this.onConnectionStatus?.(id, false, this.bucketsError);
    } finally {
      if (gen === this.#bucketsGen) this.bucketsLoading = false;
    }
  }

  async openBucket(name: string, prefix = ''): Promise<void> {
    if (this.bucket !== name) {
      this.showVersions = false;
      this.flat = false;
    }
    this.bucket = name;
    this.versioning = undefined;
    this.#loadVersioning(name);
    await this.openPrefix(prefix);
  }

  /**
   * Asks the server for the bucket's versioning state (not kept from an earlier look: another client, the SDK or
   * aws-cli, may have turned it on, and uploads, deletes and copies warn by it). Meanwhile the last known state stays.
   */
  #loadVersioning(name: string): void {
    const connectionId = this.connectionId;
    if (!connectionId) return;
    this.#api.buckets.getVersioning({ connectionId, bucket: name }).then(
      (v) => {
        if (this.bucket === name && this.connectionId === connectionId) this.versioning = v;
      },
      () => undefined,
    );
  }

  async openPrefix(prefix: string): Promise<void> {
    this.#resetListing(prefix);
    this.#visit();
    await this.#loadPage(undefined);
  }

  /**
   * Records the folder just opened: the one before goes on the Back list and the Forward list is dropped, as in
   * a file manager (Cyberduck, Explorer). Opening the same folder again (Show versions, a re-open) adds nothing.
   */
  #visit(): void {
    const bucket = this.bucket;
    if (!bucket) return;
    const here = this.#here;
    this.#here = { bucket, prefix: this.prefix };
    if (!here || (here.bucket === bucket && here.prefix === this.prefix)) return;
    this.backStack = [...this.backStack, here].slice(-HISTORY_LIMIT);
    this.forwardStack = [];
  }

  #clearHistory(): void {
    this.#here = undefined;
    this.backStack = [];
    this.forwardStack = [];
  }

  /** Alt+Left: the folder opened before this one (in this bucket or another of the connection). */
  back(): Promise<void> | undefined {
    const to = this.backStack.at(-1);
    const here = this.#here;
    if (!to || !here) return undefined;
    this.backStack = this.backStack.slice(0, -1);
    this.forwardStack = [...this.forwardStack, here];
    return this.#goTo(to, here);
  }

  /** Alt+Right: the folder left with Back. */
  forward(): Promise<void> | undefined {
    const to = this.forwardStack.at(-1);
    const here = this.#here;
    if (!to || !here) return undefined;
    this.forwardStack = this.forwardStack.slice(0, -1);
    this.backStack = [...this.backStack, here];
    return this.#goTo(to, here);
  }

  /** Opens a history entry without recording it as a new visit; back in a parent, the folder it came from is selected. */
  async #goTo(to: Location, from: Location): Promise<void> {
    this.#here = to;
    if (to.bucket !== this.bucket) await this.openBucket(to.bucket, to.prefix);
    else await this.openPrefix(to.prefix);
    if (from.bucket === to.bucket && from.prefix.length > to.prefix.length && from.prefix.startsWith(to.prefix)) {
      const child = to.prefix + from.prefix.slice(to.prefix.length).split('/')[0] + '/';
      if (this.rows.some((r) => r.key === child)) this.select(child);
    }
  }

  up(): Promise<void> | undefined {
    if (!this.bucket || this.prefix === '') return undefined;
    const from = this.prefix;
    return this.openPrefix(parentPrefix(this.prefix)).then(() => {
      this.select(from);
    });
  }

  /**
   * Reloads the folder, the bucket's versioning state and the selected object's head and versions, keeping the
   * selection on screen (F5 kept showing 'Unversioned' after aws-cli had enabled versioning).
   */
  async refresh(): Promise<void> {
    const keep = this.selectedKey;
    if (this.bucket) this.#loadVersioning(this.bucket);
    this.#resetListing(this.prefix, false, true);
    await this.#loadPage(undefined);
    if (keep !== undefined) this.select(keep, true);
  }

  /**
   * Lists again as much as is loaded, without clearing it first: the rows change in place, so the scroll
   * position, the filter and the selection stay. For changes made elsewhere (another client, a function writing
   * into this folder), which a full refresh would answer with an empty list and a jump to the top.
   */
  async refreshInPlace(changedKeys: readonly string[] = []): Promise<void> {
    const connectionId = this.connectionId;
    const bucket = this.bucket;
    if (!connectionId || !bucket || this.loading) return;
    const gen = this.#listGen;
    const prefix = this.prefix;
    const want = Math.max(1, this.loaded);
    try {
      if (this.showVersions) {
        const versions: VersionEntry[] = [];
        let marker: { k: string; v?: string | undefined } | undefined;
        do {
          const page = await this.#api.objects.listVersions({ connectionId, bucket, prefix, keyMarker: marker?.k, versionIdMarker: marker?.v });
          versions.push(...page.versions);
          marker = page.nextKeyMarker ? { k: page.nextKeyMarker, v: page.nextVersionIdMarker } : undefined;
        } while (marker && versions.length < want);
        if (gen !== this.#listGen || this.loading) return;
        this.versionList = versions;
        this.nextToken = marker ? JSON.stringify(marker) : undefined;
      } else {
        const folders: string[] = [];
        const objects: ObjectEntry[] = [];
        let token: string | undefined;
        do {
          const page = await this.#api.objects.list({ connectionId, bucket, prefix, delimiter: this.flat ? '' : '/', token, maxKeys: PAGE_SIZE });
          folders.push(...page.folders);
          objects.push(...page.objects);
          token = page.nextToken;
        } while (token && folders.length + objects.length < want);
        if (gen !== this.#listGen || this.loading) return;
        this.folders = folders;
        this.objects = objects;
        this.nextToken = token;
      }
      this.listError = undefined;
    } catch {
      // A background update that failed leaves the list as it was; Refresh shows the error.
      return;
    }
    const selected = this.selectedKey === undefined ? undefined : parseVersionRowId(this.selectedKey).key;
    if (selected !== undefined && changedKeys.includes(selected)) this.select(this.selectedKey, true);
  }

  loadMore(): Promise<void> | undefined {
    if (!this.nextToken || this.loading) return undefined;
    return this.#loadPage(this.nextToken);
  }

  #resetListing(prefix: string, clearFilter = true, keepSelection = false) {
    this.#listGen++;
    this.prefix = prefix;
    this.folders = [];
    this.objects = [];
    this.versionList = [];
    this.nextToken = undefined;
    this.listError = undefined;
    this.loading = false;
    if (clearFilter) this.filter = '';
    if (!keepSelection) this.select(undefined);
  }

  async #loadPage(token: string | undefined): Promise<void> {
    const connectionId = this.connectionId;
    const bucket = this.bucket;
    if (!connectionId || !bucket) return;
    const gen = this.#listGen;
    this.loading = true;
    if (this.showVersions) {
      try {
        const marker = token ? (JSON.parse(token) as { k: string; v?: string }) : undefined;
        const page = await this.#api.objects.listVersions({ connectionId, bucket, prefix: this.prefix, keyMarker: marker?.k, versionIdMarker: marker?.v });
        if (gen !== this.#listGen) return;
        this.versionList = token ? [...this.versionList, ...page.versions] : page.versions;
        this.nextToken = page.nextKeyMarker ? JSON.stringify({ k: page.nextKeyMarker, v: page.nextVersionIdMarker }) : undefined;
        this.listError = undefined;
      } catch (err) {
        if (gen === this.#listGen) this.listError = describeError(err);
      } finally {
        if (gen === this.#listGen) this.loading = false;
      }
      return;
    }
    try {
      const page = await this.#api.objects.list({ connectionId, bucket, prefix: this.prefix, delimiter: this.flat ? '' : '/', token, maxKeys: PAGE_SIZE });
      if (gen !== this.#listGen) return;
      this.folders = token ? [...this.folders, ...page.folders] : page.folders;
      this.objects = token ? [...this.objects, ...page.objects] : page.objects;
      this.nextToken = page.nextToken;
      this.listError = undefined;
    } catch (err) {
      if (gen !== this.#listGen) return;
      this.listError = describeError(err);
    } finally {
      if (gen === this.#listGen) this.loading = false;
    }
  }

  /**
   * Selects a folder or object key and loads its HEAD and versions. The key need not be in the listing: a
   * deleted object (latest version a delete marker) is selected this way from the timeline. `reload` keeps the
   * current details on screen until the fresh ones arrive.
   */
  select(key: string | undefined, reload = false): void {
    const onlyThis = key === undefined ? this.marked.length === 0 : this.marked.length === 1 && this.marked[0] === key;
    if (!reload && this.selectedKey === key && onlyThis && (key === undefined || this.details || this.detailsLoading || this.detailsError)) return;
    this.selectedKey = key;
    if (!reload || !this.marked.includes(key ?? '')) this.marked = key === undefined ? [] : [key];
    if (!reload) this.#anchor = key;
    if (!reload) {
      this.details = undefined;
      this.versions = undefined;
    }
    this.detailsError = undefined;
    this.detailsLoading = false;
    const gen = ++this.#detailsGen;
    const connectionId = this.connectionId;
    const bucket = this.bucket;
    if (!key || key.endsWith('/') || !connectionId || !bucket) return;
    const { key: objectKey, versionId } = parseVersionRowId(key);
    const marker = versionId !== undefined && this.versionList.find((v) => v.key === objectKey && v.versionId === versionId)?.isDeleteMarker;
    this.#api.objects.listVersions({ connectionId, bucket, prefix: objectKey }).then(
      (page) => {
        if (gen === this.#detailsGen) this.versions = page.versions.filter((v) => v.key === objectKey);
      },
      () => {
        if (gen === this.#detailsGen) this.versions = [];
      },
    );
    // A delete marker has no head (S3 answers 405); its row carries everything there is to show.
    if (marker) return;
    this.detailsLoading = true;
    this.#api.objects.head({ connectionId, bucket, key: objectKey, versionId }).then(
      (d) => {
        if (gen === this.#detailsGen) this.details = d;
      },
      (err) => {
        if (gen !== this.#detailsGen) return;
        this.details = undefined;
        this.detailsError = describeError(err);
      },
    ).finally(() => {
      if (gen === this.#detailsGen) this.detailsLoading = false;
    });
  }

  /** Ctrl/Cmd-click: adds or removes one row, leaving the rest of the selection alone. */
  toggleMark(key: string): void {
    const next = this.markedSet.has(key) ? this.marked.filter((k) => k !== key) : [...this.marked, key];
    this.#anchor = key;
    // The last selected row taken out (Ctrl+Space): nothing is selected, and the focus stays where it is.
    if (next.length === 0) this.marked = [];
    else if (next.length === 1) this.select(next[0]);
    else {
      this.marked = next;
      this.#setPrimary(next.includes(key) ? key : next.at(-1));
    }
  }

  /**
   * Ctrl+arrows: the focused row moves (its details load) and the selection stays as it is, so Ctrl+Space can add
   * rows that are not next to each other from the keyboard (the WAI-ARIA multi-select listbox pattern).
   */
  moveFocus(key: string): void {
    this.#setPrimary(key);
  }

  /** Shift-click / Shift+arrow: everything between the anchor and this row. */
  markRange(key: string): void {
    const rows = this.rows;
    const from = rows.findIndex((r) => r.key === (this.#anchor ?? this.selectedKey));
    const to = rows.findIndex((r) => r.key === key);
    if (from < 0 || to < 0) return this.select(key);
    const [a, b] = from < to ? [from, to] : [to, from];
    this.marked = rows.slice(a, b + 1).map((r) => r.key);
    this.#setPrimary(key);
  }

  markAll(): void {
    if (this.rows.length === 0) return;
    this.marked = this.rows.map((r) => r.key);
    this.#setPrimary(this.selectedKey ?? this.rows[0]!.key);
  }

  /** Moves the focused row without touching the marked set (its details load as for a click). */
  #setPrimary(key: string | undefined) {
    const marked = this.marked;
    const anchor = this.#anchor;
    this.select(key, false);
    this.marked = marked;
    this.#anchor = anchor;
  }

  /** Opens a row: folders navigate, objects get selected (their details show on the right). */
  open(row: Row): Promise<void> | void {
    if (row.kind === 'folder') return this.openPrefix(row.key);
    this.select(row.key);
  }

  async createBucket(name: string): Promise<void> {
    const connectionId = this.#need();
    await this.#api.buckets.create({ connectionId, bucket: name });
    await this.loadBuckets();
  }

  async deleteBucket(name: string): Promise<void> {
    const connectionId = this.#need();
    await this.#api.buckets.remove({ connectionId, bucket: name });
    // Back and Forward skip the bucket that is gone.
    this.backStack = this.backStack.filter((l) => l.bucket !== name);
    this.forwardStack = this.forwardStack.filter((l) => l.bucket !== name);
    if (this.bucket === name) {
      this.bucket = undefined;
      this.#resetListing('');
    }
    await this.loadBuckets();
  }

  async setVersioning(state: 'Enabled' | 'Suspended'): Promise<void> {
    const connectionId = this.#need();
    const bucket = this.bucket;
    if (!bucket) return;
    await this.#api.buckets.setVersioning({ connectionId, bucket, state });
    if (this.bucket === bucket) this.versioning = state;
  }

  async createFolder(name: string): Promise<void> {
    const connectionId = this.#need();
    if (!this.bucket) return;
    const prefix = `${this.prefix}${name.replace(/^\/+|\/+$/g, '')}/`;
    await this.#api.objects.createFolder({ connectionId, bucket: this.bucket, prefix });
    await this.refresh();
  }

  /** Every key a deletion of these rows removes (folders expand to all keys under them). */
  async expandForDelete(rows: Row[], onProgress?: (count: number) => void, signal?: AbortSignal): Promise<string[]> {
    const connectionId = this.#need();
    const bucket = this.bucket;
    if (!bucket) return [];
    const keys: string[] = [];
    for (const row of rows) {
      if (row.kind === 'version') continue;
      if (row.kind === 'object') {
        keys.push(row.key);
        continue;
      }
      let token: string | undefined;
      do {
        if (signal?.aborted) throw new AppError({ code: 'Cancelled', message: 'Cancelled' });
        // No delimiter: every key below the folder, its sub-folders' too (the service's default is '/', which
        // listed only the folder's direct files: a folder of sub-folders said "Nothing to delete").
        const page = await this.#api.objects.list({ connectionId, bucket, prefix: row.key, delimiter: '', token, maxKeys: PAGE_SIZE });
        for (const o of page.objects) keys.push(o.key);
        token = page.nextToken;
        onProgress?.(keys.length);
      } while (token);
    }
    return keys;
  }

  /**
   * Deletes in requests of 1,000 keys (one DeleteObjects each, S3's limit), saying after each how far it got.
   * `signal` stops it between requests (what is already deleted stays deleted: `cancelled` says so); a request
   * that fails after others succeeded says how many were deleted before it, not just its own error.
   */
  async deleteKeys(
    keys: string[],
    onProgress?: (done: number, total: number) => void,
    signal?: AbortSignal,
  ): Promise<{ removed: number; errors: { key: string; message: string }[]; cancelled: boolean }> {
    const connectionId = this.#need();
    const bucket = this.bucket;
    if (!bucket || keys.length === 0) return { removed: 0, errors: [], cancelled: false };
    const result: { removed: number; errors: { key: string; message: string }[]; cancelled: boolean } = { removed: 0, errors: [], cancelled: false };
    for (let start = 0; start < keys.length; start += PAGE_SIZE) {
      if (signal?.aborted) {
        result.cancelled = true;
        break;
      }
      let part: Awaited<ReturnType<ApiClient['objects']['remove']>>;
      try {
        part = await this.#api.objects.remove({ connectionId, bucket, objects: keys.slice(start, start + PAGE_SIZE).map((key) => ({ key })) });
      } catch (err) {
        if (start === 0) throw err;
        await this.refresh();
        const e = describeError(err);
        throw new AppError({ ...e, message: `Deleted ${start.toLocaleString('en-US')} of ${keys.length.toLocaleString('en-US')} objects, then: ${e.message}` });
      }
      result.removed += part.removed;
      result.errors.push(...part.errors);
      onProgress?.(Math.min(start + PAGE_SIZE, keys.length), keys.length);
    }
    // Without versioning a deleted object is gone; with it, the selection stays to show its delete marker.
    if (this.versioning === 'Unversioned' && this.selectedKey !== undefined && keys.some((k) => k === this.selectedKey || k.startsWith(this.selectedKey!))) this.select(undefined);
    await this.refresh();
    return result;
  }

  /**
   * The current object at `key` in `bucket` of this connection, or undefined when there is none (404), so a copy
   * or move can say what it would replace. Other failures (e.g. no HeadObject permission) also give undefined:
   * the check cannot be made, and the copy itself reports what goes wrong.
   */
  async existingObject(bucket: string, key: string): Promise<ObjectDetails | undefined> {
    const connectionId = this.#need();
    try {
      return await this.#api.objects.head({ connectionId, bucket, key });
    } catch {
      return undefined;
    }
  }

  /** CopyObject within the connection (also from a version: "restore" copies it over its own key). */
  async copyObject(from: { key: string; versionId?: string | undefined }, to: { bucket: string; key: string }, move = false): Promise<void> {
    const connectionId = this.#need();
    const bucket = this.bucket;
    if (!bucket) return;
    await this.#api.objects.copy({ connectionId, from: { bucket, key: from.key, versionId: from.versionId }, to });
    if (move) {
      await this.#api.objects.remove({ connectionId, bucket, objects: [{ key: from.key }] });
      if (this.selectedKey === from.key) this.select(undefined);
    }
    await this.refresh();
  }

  /**
   * Copies every key under the folder `from` to the same path under `to.prefix` (S3 has no folder rename: one
   * CopyObject per key, a few at a time). A move deletes the originals only once every copy succeeded, so a
   * failure or a cancel halfway leaves all of them in place.
   */
  async copyFolder(
    from: string,
    to: { bucket: string; prefix: string },
    move: boolean,
    onProgress?: (done: number, total: number) => void,
    signal?: AbortSignal,
  ): Promise<{ total: number; copied: number; deleted: number; errors: { key: string; message: string }[]; cancelled: boolean }> {
    const bucket = this.bucket;
    if (!bucket || !from.endsWith('/') || !to.prefix.endsWith('/')) return { total: 0, copied: 0, deleted: 0, errors: [], cancelled: false };
    const keys = await this.expandForDelete([{ kind: 'folder', key: from, name: baseName(from) }], undefined, signal);
    return this.#copyKeys(keys.map((key) => ({ key, to: to.prefix + key.slice(from.length) })), to.bucket, move, onProgress, signal);
  }

  /**
   * Copies (or moves) several selected rows into the folder `to.prefix`: an object keeps its name, a folder
   * brings everything under it along its path (as copyFolder). As there, a move deletes the originals only once
   * every copy succeeded.
   */
  async copyRows(
    rows: Row[],
    to: { bucket: string; prefix: string },
    move: boolean,
    onProgress?: (done: number, total: number) => void,
    signal?: AbortSignal,
  ): Promise<{ total: number; copied: number; deleted: number; errors: { key: string; message: string }[]; cancelled: boolean }> {
    const pairs: { key: string; to: string }[] = [];
    for (const row of rows) {
      if (row.kind === 'version') continue;
      // The row's own name (a folder's ends with '/'): in the flat view that is its path below this folder.
      const base = row.kind === 'folder' ? `${baseName(row.key)}/` : row.key.slice(row.key.lastIndexOf('/') + 1);
      if (row.kind === 'object') pairs.push({ key: row.key, to: to.prefix + base });
      else for (const key of await this.expandForDelete([row], undefined, signal)) pairs.push({ key, to: to.prefix + base + key.slice(row.key.length) });
    }
    return this.#copyKeys(pairs, to.bucket, move, onProgress, signal);
  }

  /** CopyObject for each pair, a few at a time; a move then deletes the sources, only if every copy worked. */
  async #copyKeys(
    pairs: { key: string; to: string }[],
    toBucket: string,
    move: boolean,
    onProgress?: (done: number, total: number) => void,
    signal?: AbortSignal,
  ): Promise<{ total: number; copied: number; deleted: number; errors: { key: string; message: string }[]; cancelled: boolean }> {
    const connectionId = this.#need();
    const bucket = this.bucket;
    if (!bucket) return { total: 0, copied: 0, deleted: 0, errors: [], cancelled: false };
    const queue = [...pairs];
    const errors: { key: string; message: string }[] = [];
    let copied = 0;
    const worker = async () => {
      for (let pair = queue.shift(); pair !== undefined && !signal?.aborted; pair = queue.shift()) {
        try {
          await this.#api.objects.copy({ connectionId, from: { bucket, key: pair.key }, to: { bucket: toBucket, key: pair.to } });
          copied++;
        } catch (err) {
          errors.push({ key: pair.key, message: describeError(err).message });
        }
        onProgress?.(copied + errors.length, pairs.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(FOLDER_COPY_PARALLEL, pairs.length) }, worker));
    const cancelled = signal?.aborted === true;
    let deleted = 0;
    if (move && !cancelled && errors.length === 0 && pairs.length > 0) {
      const result = await this.#api.objects.remove({ connectionId, bucket, objects: pairs.map((p) => ({ key: p.key })) });
      deleted = result.removed;
      errors.push(...result.errors);
      if (this.selectedKey !== undefined && pairs.some((p) => p.key === this.selectedKey || (this.selectedKey!.endsWith('/') && p.key.startsWith(this.selectedKey!)))) this.select(undefined);
    }
    await this.refresh();
    return { total: pairs.length, copied, deleted, errors, cancelled };
  }

  /** New headers and user metadata for the latest version of `key` (a self-copy; see objects.updateProperties). */
  async updateProperties(key: string, etag: string, properties: ObjectProperties): Promise<void> {
    const connectionId = this.#need();
    const bucket = this.bucket;
    if (!bucket) return;
    await this.#api.objects.updateProperties({ connectionId, bucket, key, etag, properties });
    // refresh() reloads the selected object's head and versions too.
    await this.refresh();
  }

  /** Turns "Show versions" on or off and relists the folder. */
  /** Turns the flat view (every object below this folder) on or off and relists, keeping the filter. */
  async setFlat(on: boolean): Promise<void> {
    if (this.flat === on) return;
    this.flat = on;
    this.#resetListing(this.prefix, false);
    await this.#loadPage(undefined);
  }

  async setShowVersions(on: boolean): Promise<void> {
    if (this.showVersions === on) return;
    this.showVersions = on;
    await this.openPrefix(this.prefix);
  }

  /** Deletes exact versions (and delete markers) for good. */
  async deleteVersions(list: { key: string; versionId: string }[]): Promise<{ removed: number; errors: { key: string; message: string }[] }> {
    const connectionId = this.#need();
    const bucket = this.bucket;
    if (!bucket || list.length === 0) return { removed: 0, errors: [] };
    const result = await this.#api.objects.remove({ connectionId, bucket, objects: list });
    if (this.selectedKey && list.some((v) => versionRowId(v.key, v.versionId) === this.selectedKey)) this.select(undefined);
    await this.refresh();
    return result;
  }

  async deleteVersion(key: string, versionId: string): Promise<void> {
    const connectionId = this.#need();
    const bucket = this.bucket;
    if (!bucket) return;
    await this.#api.objects.remove({ connectionId, bucket, objects: [{ key, versionId }] });
    await this.refresh();
  }

  #need(): string {
    if (!this.connectionId) throw new Error('No connection is open');
    return this.connectionId;
  }
}
