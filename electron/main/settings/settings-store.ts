// Non-secret settings (connections without their secrets, window state, preferences) as one JSON file.
// Uses `conf`, the library under electron-store, so the file format is the same in Electron and in plain
// Node (browser mode, tests). The host passes an absolute `cwd` (Electron's userData directory or the
// browser-mode data dir): conf then never guesses a location and never needs Electron.
//
// Constructor: new ConfSettingsStore({ cwd, configName? })
//   cwd         absolute directory the file lives in (created when missing)
//   configName  file name without extension; 'config' like electron-store's default
import Conf from 'conf';
import path from 'node:path';

/** The few operations the rest of main needs; values must be JSON-safe. */
export interface SettingsStore {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  /** Absolute path of the backing file (shown in the settings screen and the README). */
  readonly path: string;
}

export interface ConfSettingsStoreOptions {
  cwd: string;
  configName?: string;
}

export class ConfSettingsStore implements SettingsStore {
  readonly #conf: Conf<Record<string, unknown>>;

  constructor(options: ConfSettingsStoreOptions) {
    if (!path.isAbsolute(options.cwd)) throw new Error(`Settings directory must be absolute, got "${options.cwd}"`);
    this.#conf = new Conf<Record<string, unknown>>({
      cwd: options.cwd,
      configName: options.configName ?? 'config',
      // Keys are plain names here (connection ids may contain dots): no nested-path lookups.
      accessPropertiesByDotNotation: false,
    });
  }

  get path(): string {
    return this.#conf.path;
  }

  get<T>(key: string): T | undefined {
    return this.#conf.get(key) as T | undefined;
  }

  set(key: string, value: unknown): void {
    this.#conf.set(key, value);
  }

  delete(key: string): void {
    this.#conf.delete(key);
  }
}

/** In-memory store for tests and for hosts that must not touch disk. */
export class MemorySettingsStore implements SettingsStore {
  readonly path = ':memory:';
  readonly #values = new Map<string, unknown>();

  get<T>(key: string): T | undefined {
    const value = this.#values.get(key);
    return value === undefined ? undefined : (structuredClone(value) as T);
  }

  set(key: string, value: unknown): void {
    this.#values.set(key, structuredClone(value));
  }

  delete(key: string): void {
    this.#values.delete(key);
  }
}
