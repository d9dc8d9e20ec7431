import type { ApiClient } from '../api/index.ts';
import type { ConnectionDto, ConnectionInput, ConnectionTestResult, ProviderPreset } from '../../../electron/shared/dto.ts';
import type { AppErrorDto } from '../../../electron/shared/errors.ts';
import { describeError } from '../lib/format/errors.ts';

/** What the sidebar's status dot shows: unknown until the connection was used. */
export type ConnectionStatus = 'unknown' | 'connecting' | 'ok' | 'error';

export class ConnectionsState {
  list = $state.raw<ConnectionDto[]>([]);
  presets = $state.raw<ProviderPreset[]>([]);
  loaded = $state(false);
  error = $state<AppErrorDto | undefined>();
  status = $state<Record<string, ConnectionStatus>>({});
  statusError = $state<Record<string, AppErrorDto>>({});

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

  async remove(id: string): Promise<void> {
    await this.#api.connections.remove({ id });
    delete this.status[id];
    await this.load();
  }

  test(input: { id: string } | { connection: ConnectionInput }): Promise<ConnectionTestResult> {
    return this.#api.connections.test(input);
  }
}
