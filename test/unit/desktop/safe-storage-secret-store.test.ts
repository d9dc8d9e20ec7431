import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SafeStorageSecretStore,
  safeStorageIsStrong,
  type SafeStorageLike,
} from '../../../electron/main/platform/safe-storage-secret-store.ts';

/** Stands in for Electron's safeStorage (OS keychain): a reversible transform with a tamper check. */
function fakeSafeStorage(available = true, backend = 'gnome_libsecret'): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (text) => Buffer.from(`sealed:${Buffer.from(text).toString('hex')}`),
    decryptString: (data) => {
      const text = data.toString();
      if (!text.startsWith('sealed:')) throw new Error('Error while decrypting the ciphertext provided');
      return Buffer.from(text.slice(7), 'hex').toString();
    },
  };
}

describe('SafeStorageSecretStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bs-safe-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stores, reads and deletes secrets, never in clear text', async () => {
    const store = new SafeStorageSecretStore({ dir, safeStorage: fakeSafeStorage() });
    await store.set('conn-1', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    await store.set('conn-2', 'second');
    expect(await store.get('conn-1')).toBe('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    const text = await readFile(store.filePath, 'utf8');
    expect(text).not.toContain('wJalrXUtnFEMI');
    if (process.platform !== 'win32') expect((await stat(store.filePath)).mode & 0o777).toBe(0o600);
    await store.delete('conn-1');
    expect(await store.get('conn-1')).toBeUndefined();
    expect(await new SafeStorageSecretStore({ dir, safeStorage: fakeSafeStorage() }).get('conn-2')).toBe('second');
  });

  it('serialises concurrent writes', async () => {
    const store = new SafeStorageSecretStore({ dir, safeStorage: fakeSafeStorage() });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`c${i}`, `v${i}`)));
    for (let i = 0; i < 20; i++) expect(await store.get(`c${i}`)).toBe(`v${i}`);
  });

  it('refuses a ciphertext moved to another entry, and undecryptable data', async () => {
    const store = new SafeStorageSecretStore({ dir, safeStorage: fakeSafeStorage() });
    await store.set('a', 'secret-a');
    const file = JSON.parse(await readFile(store.filePath, 'utf8'));
    file.entries.b = file.entries.a;
    file.entries.c = Buffer.from('garbage').toString('base64');
    await writeFile(store.filePath, JSON.stringify(file));
    await expect(store.get('b')).rejects.toThrow(/does not belong/);
    await expect(store.get('c')).rejects.toThrow(/cannot be decrypted/);
  });

  it('fails to store when OS encryption is unavailable', async () => {
    const store = new SafeStorageSecretStore({ dir, safeStorage: fakeSafeStorage(false) });
    await expect(store.set('a', 'x')).rejects.toThrow(/not available/);
  });

  it('counts Linux basic_text (hard-coded key) as weak', () => {
    expect(safeStorageIsStrong(fakeSafeStorage(true, 'gnome_libsecret'), 'linux')).toBe(true);
    expect(safeStorageIsStrong(fakeSafeStorage(true, 'basic_text'), 'linux')).toBe(false);
    expect(safeStorageIsStrong(fakeSafeStorage(false), 'darwin')).toBe(false);
    expect(safeStorageIsStrong(fakeSafeStorage(true, 'unknown'), 'win32')).toBe(true);
  });
});
