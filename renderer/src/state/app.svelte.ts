// One object holding every domain state, created once with the client and shared through Svelte context.
import { getContext, setContext } from 'svelte';
import type { ApiClient } from '../api/index.ts';
import type { LocalServerStatus } from '../../../electron/shared/dto.ts';
import type { TimelineRecord } from '../../../electron/shared/timeline.ts';
import { AutomationState } from './automation.svelte.ts';
import { BrowserState } from './browser.svelte.ts';
import { ConnectionsState } from './connections.svelte.ts';
import { LayoutState, type Theme } from './layout.svelte.ts';
import { SettingsState } from './settings.svelte.ts';
import { TimelineState } from './timeline.svelte.ts';
import { TransfersState } from './transfers.svelte.ts';
import { UiState } from './ui.svelte.ts';

/** Bucket events in the open folder: list it again once they pause this long, */
const CHANGE_QUIET_MS = 300;
/** or after this long while they keep coming. */
const CHANGE_MAX_WAIT_MS = 2_000;

export class AppState {
  readonly api: ApiClient;
  readonly connections: ConnectionsState;
  readonly browser: BrowserState;
  readonly transfers: TransfersState;
  readonly timeline: TimelineState;
  readonly layout: LayoutState;
  readonly automation: AutomationState;
  readonly settings: SettingsState;
  readonly ui = new UiState();
  /** What the centre shows: the open bucket's objects or triggers, or a function's settings. */
  view = $state<{ kind: 'objects' } | { kind: 'triggers' } | { kind: 'function'; id?: string | undefined }>({ kind: 'objects' });
  server = $state.raw<LocalServerStatus | undefined>();
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  #changeTimer: ReturnType<typeof setTimeout> | undefined;
  #changedKeys = new Set<string>();
  #firstChangeAt: number | undefined;
  #off: (() => void) | undefined;

  constructor(api: ApiClient, storage?: Storage) {
    this.api = api;
    this.connections = new ConnectionsState(api);
    this.browser = new BrowserState(api);
    this.transfers = new TransfersState(api);
    this.timeline = new TimelineState(api);
    this.layout = new LayoutState(storage);
    this.automation = new AutomationState(api);
    this.settings = new SettingsState(api);
    this.settings.onChange = (s) => {
      if (this.layout.theme !== s.theme) {
        this.layout.theme = s.theme;
        this.layout.save();
      }
    };
    this.browser.onConnectionStatus = (id, ok, error) => this.connections.setStatus(id, ok ? 'ok' : 'error', error);
    this.transfers.onFinished = (t) => {
      if (t.kind === 'upload' && t.state === 'done' && t.connectionId === this.browser.connectionId && t.bucket === this.browser.bucket) {
        this.#scheduleRefresh();
      }
    };
  }

  /**
   * What still needs attention (status bar and Problems badge): open dead letters, failed transfers and events
   * that never arrived. Failed attempts later superseded by a retry or a redelivery do not count.
   */
  get problemCount(): number {
    return this.automation.deadLetters.length + this.transfers.failed + this.timeline.missingCount;
  }

  /** Starts every domain; resolves once the connections are known (the rest keeps loading). */
  async start(): Promise<void> {
    this.#off = this.api.onEvent((e) => {
      if (e.name === 'server') this.server = e.payload;
      else if (e.name === 'timeline') this.#noteChange(e.payload);
    });
    const connections = this.connections.start();
    void Promise.all([
      this.transfers.start(),
      this.timeline.start().catch(() => undefined),
      this.automation.start().catch(() => undefined),
      this.settings.start().catch(() => undefined),
      this.api.server.status().then(
        (s) => (this.server = s),
        () => undefined,
      ),
    ]);
    await connections;
  }

  dispose(): void {
    this.#off?.();
    clearTimeout(this.#changeTimer);
    this.connections.dispose();
    this.transfers.dispose();
    this.timeline.dispose();
    this.automation.dispose();
    this.settings.dispose();
  }

  /** The theme switch: applied at once, cached locally for the first paint, saved in the app settings. */
  setTheme(theme: Theme): void {
    this.layout.theme = theme;
    this.layout.save();
    this.settings.update({ theme }).catch(() => undefined);
  }

  /** Timeline -> object: opens the connection, bucket and folder of a key and selects it. */
  async revealObject(connectionId: string | undefined, bucket: string, key: string): Promise<void> {
    const id = connectionId ?? this.browser.connectionId ?? 'local';
    this.view = { kind: 'objects' };
    if (this.browser.connectionId !== id) await this.browser.openConnection(id);
    const cut = key.lastIndexOf('/');
    const prefix = cut >= 0 ? key.slice(0, cut + 1) : '';
    if (this.browser.bucket !== bucket) await this.browser.openBucket(bucket, prefix);
    else if (this.browser.prefix !== prefix) await this.browser.openPrefix(prefix);
    this.browser.select(key);
  }

  /**
   * A bucket event in the folder on screen (aws-cli, a script, a function writing a thumbnail back, a remote
   * bucket's webhook): the folder is listed again in place. Events arrive in bursts (a sync, 200 uploads), so
   * they are gathered: the update waits for a quiet moment, and for at most a few seconds while they keep coming.
   */
  #noteChange(record: TimelineRecord) {
    if (record.type !== 'event' || record.missing || record.source === 'test') return;
    const b = this.browser;
    if (record.connectionId !== b.connectionId || record.bucket !== b.bucket || !record.key.startsWith(b.prefix)) return;
    this.#changedKeys.add(record.key);
    clearTimeout(this.#changeTimer);
    this.#firstChangeAt ??= Date.now();
    const wait = Math.max(0, Math.min(CHANGE_QUIET_MS, this.#firstChangeAt + CHANGE_MAX_WAIT_MS - Date.now()));
    this.#changeTimer = setTimeout(() => {
      const keys = [...this.#changedKeys];
      this.#changedKeys.clear();
      this.#firstChangeAt = undefined;
      void this.browser.refreshInPlace(keys);
    }, wait);
  }

  /** Several uploads finishing together refresh the folder once. */
  #scheduleRefresh() {
    clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => void this.browser.refresh(), 150);
  }
}

const KEY = Symbol('bucketscope.app');

/** The context map that makes `getAppState()` work in a component rendered on its own (tests). */
export function appContext(app: AppState): Map<unknown, unknown> {
  return new Map([[KEY, app]]);
}

export function setAppState(app: AppState): AppState {
  return setContext(KEY, app);
}

export function getAppState(): AppState {
  const app = getContext<AppState | undefined>(KEY);
  if (!app) throw new Error('AppState missing: render inside <App> or call setAppState');
  return app;
}
