import { mkdtemp, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../../electron/main/connections/file-secret-store.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const posix = process.platform !== 'win32';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bucketscope-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileSecretStore', () => {
  it('round-trips secrets and survives a restart (a new instance over the same directory)', async () => {
    const store = new FileSecretStore({ dir });
    await store.set('conn-1', SECRET);
    await store.set('conn-2', 'ünïcødé secret ✓');
    expect(await store.get('conn-1')).toBe(SECRET);
    const reopened = new FileSecretStore({ dir });
    expect(await reopened.get('conn-1')).toBe(SECRET);
    expect(await reopened.get('conn-2')).toBe('ünïcødé secret ✓');
    expect(await reopened.get('missing')).toBeUndefined();
  });

  it('stores only ciphertext: no plaintext, no base64 of the plaintext', async () => {
    const store = new FileSecretStore({ dir });
    await store.set('conn-1', SECRET);
    const onDisk = await readFile(store.filePath, 'utf8');
    expect(onDisk).not.toContain(SECRET);
    expect(onDisk).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(onDisk).not.toContain(Buffer.from(SECRET).toString('hex'));
    const parsed = JSON.parse(onDisk) as { algorithm: string; entries: Record<string, { iv: string; tag: string; data: string }> };
    expect(parsed.algorithm).toBe('aes-256-gcm');
    const entry = parsed.entries['conn-1']!;
    expect(Buffer.from(entry.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(entry.tag, 'base64')).toHaveLength(16);
    // Setting the same value twice gives a fresh IV and ciphertext each time.
    await store.set('conn-1', SECRET);
    const again = JSON.parse(await readFile(store.filePath, 'utf8')) as typeof parsed;
    expect(again.entries['conn-1']!.iv).not.toBe(entry.iv);
    expect(again.entries['conn-1']!.data).not.toBe(entry.data);
  });

  it.skipIf(!posix)('keeps the key file and the secrets file at mode 0600, whatever the umask', async () => {
    const previous = process.umask(0o000);
    try {
      const store = new FileSecretStore({ dir });
      await store.set('conn-1', SECRET);
      expect((await stat(store.keyPath)).mode & 0o777).toBe(0o600);
      expect((await stat(store.filePath)).mode & 0o777).toBe(0o600);
      expect((await readFile(store.keyPath)).length).toBe(32);
    } finally {
      process.umask(previous);
    }
  });

  it.skipIf(!posix)('tightens a key file that was made readable by others', async () => {
    const store = new FileSecretStore({ dir });
    await store.set('conn-1', SECRET);
    await chmod(store.keyPath, 0o644);
    const reopened = new FileSecretStore({ dir });
    expect(await reopened.get('conn-1')).toBe(SECRET);
    expect((await stat(store.keyPath)).mode & 0o777).toBe(0o600);
  });

  it('binds each ciphertext to its id: an entry copied to another id does not decrypt', async () => {
    const store = new FileSecretStore({ dir });
    await store.set('victim', SECRET);
    const file = JSON.parse(await readFile(store.filePath, 'utf8')) as { entries: Record<string, unknown> };
    file.entries['attacker'] = file.entries['victim'];
    await writeFile(store.filePath, JSON.stringify(file));
    await expect(new FileSecretStore({ dir }).get('attacker')).rejects.toThrow(/cannot be decrypted/);
  });

  it('refuses to decrypt with another key (key file replaced)', async () => {
    const store = new FileSecretStore({ dir });
    await store.set('conn-1', SECRET);
    await rm(store.keyPath);
    await writeFile(store.keyPath, Buffer.alloc(32, 9));
    await expect(new FileSecretStore({ dir }).get('conn-1')).rejects.toThrow(/cannot be decrypted/);
  });

  it('deletes secrets and serialises concurrent writes without losing any', async () => {
    const store = new FileSecretStore({ dir });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`c${i}`, `secret-${i}`)));
    for (let i = 0; i < 20; i++) expect(await store.get(`c${i}`)).toBe(`secret-${i}`);
    await store.delete('c3');
    expect(await store.get('c3')).toBeUndefined();
    expect(await new FileSecretStore({ dir }).get('c4')).toBe('secret-4');
  });

  it('requires an absolute directory', () => {
    expect(() => new FileSecretStore({ dir: 'relative/dir' })).toThrow(/absolute/);
  });
});
