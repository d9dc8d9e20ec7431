// Versioned settings: the stored document is `{ version, values }`; a document written by an older
// version is migrated step by step (n -> n+1) before it is validated. A document from a newer version
// (the user went back to an older build) is read as far as it validates; saving rewrites it in this layout.
import { DEFAULT_SETTINGS, settingsSchema, type AppSettings } from '../../shared/settings.ts';

export const SETTINGS_VERSION = 1;

export interface StoredSettings {
  version: number;
  values: Record<string, unknown>;
}

export type Migration = (values: Record<string, unknown>) => Record<string, unknown>;

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
}

/**
 * MIGRATIONS[n] turns a version-n document's values into version n+1's. When the schema changes shape,
 * bump SETTINGS_VERSION and add the step here (with a test in test/unit/desktop/settings.test.ts).
 * - 0 -> 1: a bare settings object without the `{ version, values }` wrapper (hand-written, or saved before
 *   settings were versioned) is taken as version-1 values.
 */
export const MIGRATIONS: Record<number, Migration> = {
  0: (values) => values,
};

/** Brings a stored document (or anything found under the key) to `target`, one step at a time. */
export function migrate(stored: unknown, migrations: Record<number, Migration> = MIGRATIONS, target = SETTINGS_VERSION): StoredSettings {
  const doc = record(stored);
  const wrapped = typeof doc.version === 'number' && Number.isInteger(doc.version) && doc.version >= 0 && 'values' in doc;
  let version = wrapped ? (doc.version as number) : 0;
  let values = wrapped ? record(doc.values) : doc;
  while (version < target) {
    const step = migrations[version];
    if (!step) throw new Error(`No settings migration from version ${version}`);
    values = record(step(values));
    version += 1;
  }
  return { version, values };
}

/**
 * Current settings from migrated values: each field that is missing or invalid falls back to its default,
 * so one bad hand edit never resets everything else.
 */
export function resolveSettings(values: Record<string, unknown>): AppSettings {
  const result = structuredClone(DEFAULT_SETTINGS) as Record<string, unknown>;
  const shape = settingsSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
  for (const [section, schema] of Object.entries(shape)) {
    const stored = values[section];
    if (stored === undefined) continue;
    const defaults = result[section];
    if (defaults && typeof defaults === 'object') {
      const merged: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
      for (const [field, value] of Object.entries(record(stored))) {
        if (!(field in merged)) continue;
        const candidate = { ...merged, [field]: value };
        if (schema.safeParse(candidate).success) merged[field] = value;
      }
      result[section] = merged;
    } else if (schema.safeParse(stored).success) {
      result[section] = stored;
    }
  }
  return settingsSchema.parse(result);
}
