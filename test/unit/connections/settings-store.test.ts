import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ConfSettingsStore } from '../../../electron/main/settings/settings-store.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bucketscope-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('writes electron-store compatible JSON (config.json) in the directory it is given', async () => {
  const store = new ConfSettingsStore({ cwd: dir });
  store.set('window.bounds', { width: 1200, height: 800 });
  store.set('theme', 'dark');
  expect(store.path).toBe(path.join(dir, 'config.json'));
  // Keys are literal: a dot does not create nesting.
  expect(JSON.parse(await readFile(store.path, 'utf8'))).toEqual({ 'window.bounds': { width: 1200, height: 800 }, theme: 'dark' });
  const reopened = new ConfSettingsStore({ cwd: dir });
  expect(reopened.get('window.bounds')).toEqual({ width: 1200, height: 800 });
  reopened.delete('theme');
  expect(new ConfSettingsStore({ cwd: dir }).get('theme')).toBeUndefined();
});

it('requires an absolute directory, so it never guesses one', () => {
  expect(() => new ConfSettingsStore({ cwd: 'relative' })).toThrow(/absolute/);
});
