// Connection secrets encrypted with Electron's safeStorage (macOS Keychain, Windows DPAPI, Linux
// libsecret/kwallet) and kept as base64 ciphertexts in `secrets.safe.json` in the user-data directory.
// The safeStorage object is passed in, so this module runs (and is tested) without Electron.
// https://www.electronjs.org/docs/latest/api/safe-storage
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SecretStore } from '../connections/secret-store.ts';

/** The part of Electron's safeStorage this store uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means no keyring was found and a hard-coded key is used. */
  getSelectedStorageBackend?(): string;
}

interface SafeFile {
  version: 1;
  entries: Record<string, string>;
}

const FILE_MODE = 0o600;

/**
 * Whether safeStorage gives real protection here. On Linux without a keyring Chromium falls back to a
 * hard-coded password ('basic_text'); the AES-GCM key-file store is the better choice then.
 */
export function safeStorageIsStrong(safeStorage: SafeStorageLike, platform: NodeJS.Platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return false;
  return true;
}

export class SafeStorageSecretStore implements SecretStore {
  readonly kind = 'OS keychain (safeStorage)';
  readonly filePath: string;
  readonly #safe: SafeStorageLike;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: { dir: string; safeStorage: SafeStorageLike }) {
    if (!path.isAbsolute(options.dir)) throw new Error(`Secret store directory must be absolute, got "${options.dir}"`);
    this.filePath = path.join(options.dir, 'secrets.safe.json');
    this.#safe = options.safeStorage;
  }

  async get(id: string): Promise<string | undefined> {
    await this.#queue;
    const sealed = (await this.#read()).entries[id];
    if (sealed === undefined) return undefined;
    let opened: unknown;
    try {
      opened = JSON.parse(this.#safe.decryptString(Buffer.from(sealed, 'base64')));
    } catch {
      throw new Error(`Stored secret "${id}" cannot be decrypted (keychain changed or data altered): enter it again`);
    }
    // The id is sealed with the value, so a ciphertext moved to another entry is refused.
    const entry = opened as { id?: unknown; value?: unknown };
    if (entry.id !== id || typeof entry.value !== 'string') throw new Error(`Stored secret "${id}" does not belong to this entry`);
    return entry.value;
  }

  set(id: string, value: string): Promise<void> {
    return this.#mutate((file) => {
      if (!this.#safe.isEncryptionAvailable()) throw new Error('OS encryption (safeStorage) is not available');
      file.entries[id] = this.#safe.encryptString(JSON.stringify({ id, value })).toString('base64');
    });
  }

  delete(id: string): Promise<void> {
    return this.#mutate((file) => {
      delete file.entries[id];
    });
  }

  #mutate(change: (file: SafeFile) => void): Promise<void> {
    const run = this.#queue.then(async () => {
      const file = await this.#read();
      change(file);
      await mkdir(path.dirname(this.filePath), { recursive: true, mode: 0o700 });
      const tmp = `${this.filePath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(tmp, JSON.stringify(file, null, 2), { mode: FILE_MODE });
      if (process.platform !== 'win32') await chmod(tmp, FILE_MODE);
      await rename(tmp, this.filePath);
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #read(): Promise<SafeFile> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, entries: {} };
      throw err;
    }
    const parsed = JSON.parse(text) as Partial<SafeFile>;
    if (parsed.version !== 1 || typeof parsed.entries !== 'object' || parsed.entries === null) {
      throw new Error(`Unrecognised secrets file ${this.filePath}`);
    }
    return { version: 1, entries: { ...parsed.entries } };
  }
}
