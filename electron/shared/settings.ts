// User settings: one schema shared by main (validation, persistence, migrations in
// electron/main/settings/) and the renderer (the settings screen reads the limits from it).
// Stored as `{ version, values }` under the `settings` key of the settings file (conf / electron-store format).
import { z } from 'zod';
import { DEFAULT_CONCURRENCY, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_MS } from './triggers.ts';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** S3 multipart parts are 5 MiB to 5 GiB (https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html). */
export const MIN_PART_SIZE_MIB = 5;
export const MAX_PART_SIZE_MIB = 5120;

export const settingsSchema = z
  .object({
    theme: z.enum(THEMES),
    notifications: z
      .object({
        /** OS notifications when a long transfer ends or a function fails while the window is in the background. */
        enabled: z.boolean(),
      })
      .strict(),
    transfers: z
      .object({
        /** Transfers running at once. */
        concurrency: z.number().int().min(1).max(16),
        /** Multipart part size; files up to one part go up in a single PutObject. */
        partSizeMiB: z.number().int().min(MIN_PART_SIZE_MIB).max(MAX_PART_SIZE_MIB),
      })
      .strict(),
    functions: z
      .object({
        /** Defaults for new functions (each function can override them). */
        timeoutMs: z.number().int().min(100).max(900_000),
        memoryMb: z.number().int().min(16).max(10_240),
        concurrency: z.number().int().min(1).max(1000),
      })
      .strict(),
    retries: z
      .object({
        /** Retries after a failed delivery before it goes to the dead-letter list. */
        attempts: z.number().int().min(0).max(10),
        /** Delay before the first retry; each next one is `multiplier` times longer. */
        firstDelayMs: z.number().int().min(0).max(600_000),
        multiplier: z.number().min(1).max(10),
      })
      .strict(),
    events: z
      .object({
        /**
         * Remote connections that receive server notifications (webhook, MinIO listen): an event an app action
         * should have fired is flagged missing when it has not arrived after this long.
         */
        missingAfterMs: z.number().int().min(500).max(600_000),
      })
      .strict(),
    server: z
      .object({
        /** Embedded S3 server port on 127.0.0.1; 0 = any free port at each start. */
        port: z.union([z.literal(0), z.number().int().min(1024).max(65_535)]),
        /** Where the embedded server keeps buckets; '' = `<data dir>/server`. */
        dataDir: z.string().max(4096),
      })
      .strict(),
  })
  .strict();

export type AppSettings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: AppSettings = {
  theme: 'system',
  notifications: { enabled: true },
  transfers: { concurrency: 3, partSizeMiB: 8 },
  functions: { timeoutMs: DEFAULT_TIMEOUT_MS, memoryMb: DEFAULT_MEMORY_MB, concurrency: DEFAULT_CONCURRENCY },
  // Two retries, 500 ms then 2 s: the delivery dispatcher's defaults.
  retries: { attempts: 2, firstDelayMs: 500, multiplier: 4 },
  events: { missingAfterMs: 10_000 },
  server: { port: 0, dataDir: '' },
};

/** `settings.update` input: any subset of sections, each with any subset of its fields. */
export const settingsPatchSchema = z
  .object({
    theme: settingsSchema.shape.theme.optional(),
    notifications: settingsSchema.shape.notifications.partial().strict().optional(),
    transfers: settingsSchema.shape.transfers.partial().strict().optional(),
    functions: settingsSchema.shape.functions.partial().strict().optional(),
    retries: settingsSchema.shape.retries.partial().strict().optional(),
    events: settingsSchema.shape.events.partial().strict().optional(),
    server: settingsSchema.shape.server.partial().strict().optional(),
  })
  .strict();

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** Settings that take effect at the next start (the embedded server binds once). */
export const RESTART_FIELDS = ['server.port', 'server.dataDir'] as const;

export interface DataLocations {
  /** Settings, connections, triggers, functions, timeline. */
  dataDir: string;
  settingsFile: string;
  /** Where the main-process log is (Electron); null in browser mode (logs go to the terminal). */
  logsDir: string | null;
  /** The embedded server's buckets (the effective one, after the `server.dataDir` setting). */
  serverDataDir: string;
  /** How connection secrets are protected, e.g. "OS keychain (safeStorage)". */
  secretStorage: string;
}

export interface SettingsView {
  settings: AppSettings;
  defaults: AppSettings;
  locations: DataLocations;
  /** Changed fields (of RESTART_FIELDS) that apply after a restart. */
  pendingRestart: string[];
}

/** Delivery retry delays from the retry policy, e.g. attempts 2, 500 ms, ×4 -> [500, 2000]. */
export function retryDelaysMs(retries: AppSettings['retries']): number[] {
  return Array.from({ length: retries.attempts }, (_, i) => Math.round(retries.firstDelayMs * retries.multiplier ** i));
}
