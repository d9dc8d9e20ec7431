// Browser-mode / headless secret store: AES-256-GCM over a JSON file, keyed by a random 256-bit key kept in
// a separate file with mode 0600. The weaker option (see secret-store.ts): the key sits next to the data,
// so this hides secrets from anyone reading the settings or a backup of them, not from the user's own
// malware. Electron uses safeStorage instead (electron/main/platform/).
//
// Constructor: new FileSecretStore({ dir })
//   dir  absolute data directory; creates `secrets.key` (raw key) and `secrets.json` (ciphertexts), both 0600.
// Each entry binds its id as GCM additional data, so a ciphertext copied to another id fails to decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SecretStore } from './secret-store.ts';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const FILE_MODE = 0o600;

interface SealedEntry {
  iv: string;
  tag: string;
  data: string;
}

interface SecretsFile {
  version: 1;
  algorithm: 'aes-256-gcm';
  entries: Record<string, SealedEntry>;
}

export interface FileSecretStoreOptions {
  dir: string;
}

export class FileSecretStore implements SecretStore {
  readonly kind = 'encrypted file (key file in the data directory)';
  readonly keyPath: string;
  readonly filePath: string;
  readonly #dir: string;
  #key: Promise<Buffer> | undefined;
  /** Writes are serialised so two saves never interleave their read-modify-write. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: FileSecretStoreOptions) {
    if (!path.isAbsolute(options.dir)) throw new Error(`Secret store directory must be absolute, got "${options.dir}"`);
    this.#dir = options.dir;
    this.keyPath = path.join(options.dir, 'secrets.key');
    this.filePath = path.join(options.dir, 'secrets.json');
  }

  async get(id: string): Promise<string | undefined> {
    await this.#queue;
    const entry = (await this.#readFile()).entries[id];
    if (!entry) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', await this.#loadKey(), Buffer.from(entry.iv, 'base64'));
    decipher.setAAD(Buffer.from(id, 'utf8'));
    decipher.setAuthTag(Buffer.from(entry.tag, 'base64'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(entry.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error(`Stored secret "${id}" cannot be decrypted (key file replaced or data altered): enter it again`);
    }
  }

  set(id: string, value: string): Promise<void> {
    return this.#mutate(async (file) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', await this.#loadKey(), iv);
      cipher.setAAD(Buffer.from(id, 'utf8'));
      const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      file.entries[id] = { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
    });
  }

  delete(id: string): Promise<void> {
    return this.#mutate(async (file) => {
      delete file.entries[id];
    });
  }

  #mutate(change: (file: SecretsFile) => Promise<void>): Promise<void> {
    const run = this.#queue.then(async () => {
      const file = await this.#readFile();
      await change(file);
      await writeAtomically(this.filePath, JSON.stringify(file, null, 2));
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #readFile(): Promise<SecretsFile> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (err) {
      if (isNotFound(err)) return { version: 1, algorithm: 'aes-256-gcm', entries: {} };
      throw err;
    }
    const parsed = JSON.parse(text) as Partial<SecretsFile>;
    if (parsed.version !== 1 || typeof parsed.entries !== 'object' || parsed.entries === null) {
      throw new Error(`Unrecognised secrets file ${this.filePath}`);
    }
    return { version: 1, algorithm: 'aes-256-gcm', entries: { ...parsed.entries } };
  }

  #loadKey(): Promise<Buffer> {
    this.#key ??= this.#readOrCreateKey();
    this.#key.catch(() => {
      this.#key = undefined;
    });
    return this.#key;
  }

  async #readOrCreateKey(): Promise<Buffer> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    try {
      // 'wx' fails when the file exists, so two processes never both create a key.
      const handle = await open(this.keyPath, 'wx', FILE_MODE);
      const key = randomBytes(KEY_BYTES);
      try {
        await handle.writeFile(key);
      } finally {
        await handle.close();
      }
      return key;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    // An existing key made readable by others (copied around, restored from a backup) is tightened again.
    if (process.platform !== 'win32') await chmod(this.keyPath, FILE_MODE);
    const key = await readFile(this.keyPath);
    if (key.length !== KEY_BYTES) throw new Error(`Key file ${this.keyPath} is damaged (expected ${KEY_BYTES} bytes)`);
    return key;
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, text, { mode: FILE_MODE });
  // writeFile's mode is filtered by the umask; set it explicitly so the result is 0600 whatever the umask.
  if (process.platform !== 'win32') await chmod(tmp, FILE_MODE);
  await rename(tmp, file);
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
