import type { ApiClient } from '../api/index.ts';
import type { ConnectionDto, ConnectionInput, ConnectionTestResult, ProviderPreset } from '../../../electron/shared/dto.ts';
import type { AppErrorDto } from '../../../electron/shared/errors.ts';
import { describeError } from '../lib/format/errors.ts';

const KNOWN_BUCKETS_KEY = 'bucketscope.knownBuckets';

/** Buckets opened by name, per connection, from the window's storage (absent or unreadable = none). */
function readKnownBuckets(): Record<string, string[]> {
  try {
    const raw: unknown = JSON.parse(globalThis.localStorage?.getItem(KNOWN_BUCKETS_KEY) ?? '{}');
    if (!raw || typeof raw !== 'object') return {};
    return Object.fromEntries(
      Object.entries(raw).filter((e): e is [string, string[]] => Array.isArray(e[1]) && e[1].every((n) => typeof n === 'string')),
    );
  } catch {
    return {};
  }
}

/** What the sidebar's status dot shows: unknown until the connection was used. */
export type ConnectionStatus = 'unknown' | 'connecting' | 'ok' | 'error';

export class ConnectionsState {
  list = $state.raw<ConnectionDto[]>([]);
  presets = $state.raw<ProviderPreset[]>([]);
  loaded = $state(false);
  error = $state<AppErrorDto | undefined>();
  status = $state<Record<string, ConnectionStatus>>({});
  statusError = $state<Record<string, AppErrorDto>>({});
  /**
   * Buckets the user opened by name on a connection whose key may not call ListBuckets (an IAM policy or a
   * COS sub-account scoped to some buckets): the sidebar lists them when the bucket list cannot be read.
   */
  knownBuckets = $state<Record<string, string[]>>(readKnownBuckets());

  #api: ApiClient;
  #off: (() => void) | undefined;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  start(): Promise<void> {
    this.#off = this.#api.onEvent((e) => {
      if (e.name === 'connections') void this.load();
    });
    return Promise.all([this.load(), this.#loadPresets()]).then(() => undefined);
  }

  dispose(): void {
    this.#off?.();
  }

  byId(id: string | undefined): ConnectionDto | undefined {
    return id === undefined ? undefined : this.list.find((c) => c.id === id);
  }

  preset(id: string): ProviderPreset | undefined {
    return this.presets.find((p) => p.id === id);
  }

  async load(): Promise<void> {
    try {
      this.list = await this.#api.connections.list();
      this.error = undefined;
    } catch (err) {
      this.error = describeError(err);
    } finally {
      this.loaded = true;
    }
  }

  async #loadPresets(): Promise<void> {
    try {
      this.presets = await this.#api.connections.presets();
    } catch (err) {
      this.error = describeError(err);
    }
  }

  setStatus(id: string, status: ConnectionStatus, error?: AppErrorDto): void {
    this.status[id] = status;
    if (error) this.statusError[id] = error;
    else delete this.statusError[id];
  }

  async save(input: ConnectionInput): Promise<ConnectionDto> {
    const saved = await this.#api.connections.save(input);
    await this.load();
    this.setStatus(saved.id, 'unknown');
    return saved;
  }

  knownBucketsOf(id: string | undefined): string[] {
    return id === undefined ? [] : (this.knownBuckets[id] ?? []);
  }

  rememberBucket(id: string, name: string): void {
    const names = this.knownBucketsOf(id);
    if (names.includes(name)) return;
    this.knownBuckets[id] = [...names, name].sort();
    this.#saveKnownBuckets();
  }

  forgetBucket(id: string, name: string): void {
    const names = this.knownBucketsOf(id).filter((n) => n !== name);
    if (names.length) this.knownBuckets[id] = names;
    else delete this.knownBuckets[id];
    this.#saveKnownBuckets();
  }

  #saveKnownBuckets(): void {
    try {
      globalThis.localStorage?.setItem(KNOWN_BUCKETS_KEY, JSON.stringify(this.knownBuckets));
    } catch {
      // Storage full or disabled: the names last for this session only.
    }
  }

  async remove(id: string): Promise<void> {
    await this.#api.connections.remove({ id });
    delete this.status[id];
    if (this.knownBuckets[id]) {
      delete this.knownBuckets[id];
      this.#saveKnownBuckets();
    }
    await this.load();
  }

  test(input: { id: string } | { connection: ConnectionInput }): Promise<ConnectionTestResult> {
    return this.#api.connections.test(input);
  }
}
