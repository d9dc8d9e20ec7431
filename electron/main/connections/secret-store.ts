// Where connection secrets live. Secrets are write-only from the renderer's point of view: they enter with
// `connections.save`, are read only by main to sign requests, and leave main only as a masked hint.
//
// Two implementations:
// - Electron: `electron/main/platform/` implements this over `safeStorage` (OS keychain / DPAPI / libsecret).
// - Browser mode and the headless server: FileSecretStore (file-secret-store.ts), AES-256-GCM with a random
//   key file readable by the owner only. That is the weaker option: anyone who can read the user's files can
//   read both the key and the secrets. It protects against casual disclosure (backups of the settings file,
//   screenshots, support bundles), not against malware running as the user.

export interface SecretStore {
  /** Short name shown in the settings screen ("OS keychain (safeStorage)", "encrypted file"). */
  readonly kind: string;
  get(id: string): Promise<string | undefined>;
  set(id: string, value: string): Promise<void>;
  delete(id: string): Promise<void>;
}

/** Volatile store for tests and for hosts that must not persist secrets. */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory';
  readonly #values = new Map<string, string>();

  async get(id: string): Promise<string | undefined> {
    return this.#values.get(id);
  }

  async set(id: string, value: string): Promise<void> {
    this.#values.set(id, value);
  }

  async delete(id: string): Promise<void> {
    this.#values.delete(id);
  }
}

/** "••••Jz4Q": enough for the user to recognise which key is stored, never enough to use it. */
export function secretHint(secret: string | undefined): string {
  if (!secret) return '';
  const tail = secret.length >= 12 ? secret.slice(-4) : '';
  return `••••${tail}`;
}
