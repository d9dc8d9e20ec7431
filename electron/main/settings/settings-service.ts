// AppApi['settings']: reads the versioned settings document (migrating older ones), validates updates
// against the shared schema, saves, and tells listeners (the host pushes a `settings` event and applies
// what can change live: notifications, transfer concurrency, defaults for new functions, retries).
//
// Constructor: new SettingsService({ store, locations })
//   store      SettingsStore (settings-store.ts); the document lives under the `settings` key
//   locations  where things are, shown in the settings screen (computed by the host)
import { AppError } from '../../shared/errors.ts';
import {
  DEFAULT_SETTINGS,
  RESTART_FIELDS,
  settingsPatchSchema,
  settingsSchema,
  type AppSettings,
  type DataLocations,
  type SettingsPatch,
  type SettingsView,
} from '../../shared/settings.ts';
import { migrate, resolveSettings, SETTINGS_VERSION } from './settings-migrations.ts';
import type { SettingsStore } from './settings-store.ts';

export const SETTINGS_KEY = 'settings';

export interface SettingsServiceOptions {
  store: SettingsStore;
  locations: (settings: AppSettings) => DataLocations;
}

export type SettingsListener = (settings: AppSettings, previous: AppSettings) => void;

function invalid(issue: { path: PropertyKey[]; message: string } | undefined): AppError {
  const field = issue?.path.map(String).join('.') || 'settings';
  return new AppError({ code: 'InvalidInput', message: `${field}: ${issue?.message ?? 'invalid value'}`, fields: { [field]: issue?.message ?? 'invalid value' } });
}

function fieldValue(settings: AppSettings, field: string): unknown {
  const [section, name] = field.split('.') as [keyof AppSettings, string];
  return (settings[section] as Record<string, unknown>)[name];
}

export class SettingsService {
  readonly #store: SettingsStore;
  readonly #locations: SettingsServiceOptions['locations'];
  readonly #listeners = new Set<SettingsListener>();
  /** What the running process started with: restart-only fields compare against it. */
  readonly #atStart: AppSettings;
  #current: AppSettings;

  constructor(options: SettingsServiceOptions) {
    this.#store = options.store;
    this.#locations = options.locations;
    const stored = this.#store.get<unknown>(SETTINGS_KEY);
    const migrated = migrate(stored);
    this.#current = resolveSettings(migrated.values);
    this.#atStart = structuredClone(this.#current);
    const storedVersion = (stored as { version?: unknown } | undefined)?.version;
    // Write back once after a migration, so the file is in the current layout; never downgrade a newer file.
    if (stored !== undefined && (typeof storedVersion !== 'number' || storedVersion < SETTINGS_VERSION)) this.#save();
  }

  /** The settings in force (for services that read them, e.g. notifications). */
  current(): AppSettings {
    return structuredClone(this.#current);
  }

  onChange(listener: SettingsListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async get(): Promise<SettingsView> {
    return this.#view();
  }

  async update(input: SettingsPatch): Promise<SettingsView> {
    const checked = settingsPatchSchema.safeParse(input);
    if (!checked.success) throw invalid(checked.error.issues[0]);
    const patch = checked.data;
    const next = structuredClone(this.#current) as Record<string, unknown>;
    for (const [section, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      next[section] = typeof value === 'object' ? { ...(next[section] as object), ...value } : value;
    }
    const parsed = settingsSchema.safeParse(next);
    if (!parsed.success) throw invalid(parsed.error.issues[0]);
    this.#commit(parsed.data);
    return this.#view();
  }

  async reset(): Promise<SettingsView> {
    this.#commit(structuredClone(DEFAULT_SETTINGS));
    return this.#view();
  }

  #commit(next: AppSettings): void {
    const previous = this.#current;
    this.#current = next;
    this.#save();
    for (const listener of this.#listeners) {
      try {
        listener(this.current(), previous);
      } catch {
        // One failing consumer must not block the others or the save.
      }
    }
  }

  #save(): void {
    this.#store.set(SETTINGS_KEY, { version: SETTINGS_VERSION, values: this.#current });
  }

  #view(): SettingsView {
    return {
      settings: this.current(),
      defaults: structuredClone(DEFAULT_SETTINGS),
      locations: this.#locations(this.#current),
      pendingRestart: RESTART_FIELDS.filter((field) => fieldValue(this.#current, field) !== fieldValue(this.#atStart, field)),
    };
  }
}
