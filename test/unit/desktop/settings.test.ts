import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, resolveSettings, SETTINGS_VERSION, type Migration } from '../../../electron/main/settings/settings-migrations.ts';
import { SettingsService } from '../../../electron/main/settings/settings-service.ts';
import { ConfSettingsStore, MemorySettingsStore } from '../../../electron/main/settings/settings-store.ts';
import { DEFAULT_SETTINGS, retryDelaysMs, settingsSchema, type AppSettings, type DataLocations } from '../../../electron/shared/settings.ts';
import { AppError } from '../../../electron/shared/errors.ts';

const locations = (s: AppSettings): DataLocations => ({
  dataDir: '/data',
  settingsFile: '/data/config.json',
  logsDir: '/logs',
  serverDataDir: s.server.dataDir || '/data/local-server',
  secretStorage: 'memory',
});

describe('settings schema', () => {
  it('accepts its own defaults, and they match the engines’ defaults', () => {
    expect(settingsSchema.parse(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
    expect(retryDelaysMs(DEFAULT_SETTINGS.retries)).toEqual([500, 2000]);
    expect(DEFAULT_SETTINGS.transfers).toEqual({ concurrency: 3, partSizeMiB: 8 });
  });

  it('keeps S3’s part-size limits and sane ports', () => {
    const withField = (section: keyof AppSettings, value: object) => settingsSchema.safeParse({ ...DEFAULT_SETTINGS, [section]: { ...(DEFAULT_SETTINGS[section] as object), ...value } }).success;
    expect(withField('transfers', { partSizeMiB: 4 })).toBe(false);
    expect(withField('transfers', { partSizeMiB: 5 })).toBe(true);
    expect(withField('server', { port: 80 })).toBe(false);
    expect(withField('server', { port: 9000 })).toBe(true);
    expect(withField('server', { port: 0 })).toBe(true);
    expect(withField('retries', { attempts: 0 })).toBe(true);
  });
});

describe('settings migrations', () => {
  it('wraps a bare, unversioned settings object as the current version', () => {
    expect(migrate({ theme: 'dark' })).toEqual({ version: SETTINGS_VERSION, values: { theme: 'dark' } });
    expect(migrate(undefined)).toEqual({ version: SETTINGS_VERSION, values: {} });
    expect(migrate({ version: SETTINGS_VERSION, values: { theme: 'light' } }).values).toEqual({ theme: 'light' });
  });

  it('runs each step in order from the stored version to the target', () => {
    const seen: number[] = [];
    const chain: Record<number, Migration> = {
      0: (v) => (seen.push(0), { ...v, a: 1 }),
      1: (v) => (seen.push(1), { ...v, b: (v.a as number) + 1 }),
      2: (v) => (seen.push(2), { renamed: v.b }),
    };
    expect(migrate({ version: 1, values: { a: 10 } }, chain, 3)).toEqual({ version: 3, values: { renamed: 11 } });
    expect(seen).toEqual([1, 2]);
    expect(migrate({ x: true }, chain, 3)).toEqual({ version: 3, values: { renamed: 2 } });
  });

  it('fails loudly when a step is missing, and never migrates a newer document down', () => {
    expect(() => migrate({ version: 0, values: {} }, {}, 1)).toThrow(/No settings migration from version 0/);
    expect(migrate({ version: 7, values: { theme: 'dark' } })).toEqual({ version: 7, values: { theme: 'dark' } });
  });

  it('replaces invalid fields with their defaults one by one, dropping unknown ones', () => {
    const settings = resolveSettings({
      theme: 'neon',
      transfers: { concurrency: 6, partSizeMiB: 1 },
      retries: { attempts: 'many', firstDelayMs: 250 },
      server: 'nope',
      unknown: { x: 1 },
    });
    expect(settings.theme).toBe('system');
    expect(settings.transfers).toEqual({ concurrency: 6, partSizeMiB: 8 });
    expect(settings.retries).toEqual({ attempts: 2, firstDelayMs: 250, multiplier: 4 });
    expect(settings.server).toEqual(DEFAULT_SETTINGS.server);
    expect(settings).not.toHaveProperty('unknown');
  });
});

describe('SettingsService over the conf settings file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bs-settings-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts from defaults and persists updates as a versioned document', async () => {
    const store = new ConfSettingsStore({ cwd: dir });
    const service = new SettingsService({ store, locations });
    expect((await service.get()).settings).toEqual(DEFAULT_SETTINGS);
    const view = await service.update({ theme: 'dark', transfers: { concurrency: 8 } });
    expect(view.settings.theme).toBe('dark');
    expect(view.settings.transfers).toEqual({ concurrency: 8, partSizeMiB: 8 });
    const file = JSON.parse(await readFile(store.path, 'utf8'));
    expect(file.settings.version).toBe(SETTINGS_VERSION);
    expect(file.settings.values.theme).toBe('dark');
    const reopened = new SettingsService({ store: new ConfSettingsStore({ cwd: dir }), locations });
    expect(reopened.current().transfers.concurrency).toBe(8);
  });

  it('rewrites an unversioned document in the current layout on start', async () => {
    const store = new ConfSettingsStore({ cwd: dir });
    store.set('settings', { theme: 'light', notifications: { enabled: false } });
    const service = new SettingsService({ store, locations });
    expect(service.current()).toMatchObject({ theme: 'light', notifications: { enabled: false } });
    expect(new ConfSettingsStore({ cwd: dir }).get('settings')).toEqual({ version: SETTINGS_VERSION, values: service.current() });
  });

  it('refuses invalid updates and keeps the previous settings', async () => {
    const service = new SettingsService({ store: new MemorySettingsStore(), locations });
    await expect(service.update({ transfers: { partSizeMiB: 2 } })).rejects.toMatchObject({ code: "InvalidInput", fields: { "transfers.partSizeMiB": expect.any(String) } });
    await expect(service.update({ theme: 'neon' } as never)).rejects.toThrow();
    await expect(service.update({ server: { port: 70_000 } })).rejects.toBeInstanceOf(Error);
    expect(service.current()).toEqual(DEFAULT_SETTINGS);
  });

  it('reports restart-only changes and where data lives', async () => {
    const service = new SettingsService({ store: new MemorySettingsStore(), locations });
    let view = await service.update({ server: { port: 9500 }, theme: 'dark' });
    expect(view.pendingRestart).toEqual(['server.port']);
    view = await service.update({ server: { port: 0, dataDir: '/srv/buckets' } });
    expect(view.pendingRestart).toEqual(['server.dataDir']);
    expect(view.locations.serverDataDir).toBe('/srv/buckets');
    expect((await service.reset()).pendingRestart).toEqual([]);
  });

  it('tells listeners about each change with the previous value', async () => {
    const service = new SettingsService({ store: new MemorySettingsStore(), locations });
    const seen: [boolean, boolean][] = [];
    const off = service.onChange((next, prev) => seen.push([next.notifications.enabled, prev.notifications.enabled]));
    service.onChange(() => {
      throw new Error('a broken listener does not stop the others');
    });
    await service.update({ notifications: { enabled: false } });
    off();
    await service.update({ notifications: { enabled: true } });
    expect(seen).toEqual([[false, true]]);
  });

  it('hands out copies, so callers cannot change the settings in force', () => {
    const service = new SettingsService({ store: new MemorySettingsStore(), locations });
    service.current().transfers.concurrency = 99;
    expect(service.current().transfers.concurrency).toBe(3);
  });
});

it('AppError is what invalid input becomes', async () => {
  const service = new SettingsService({ store: new MemorySettingsStore(), locations });
  await expect(service.update({ retries: { multiplier: 0 } })).rejects.toBeInstanceOf(AppError);
});
