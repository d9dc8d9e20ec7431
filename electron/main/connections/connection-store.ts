// Saved connections: non-secret fields in the settings file (key "connections"), secret key and session
// token in the SecretStore. DTOs carry a masked hint only. The embedded server's connection ("local") is
// not stored: the host registers it at start-up with `setBuiltin`, and it cannot be edited or removed.
//
// Constructor: new ConnectionStore({ settings, secrets })
//   settings  SettingsStore (electron/main/settings/settings-store.ts) holding the connection list
//   secrets   SecretStore (safeStorage adapter in Electron, FileSecretStore in browser mode)
import { randomUUID } from 'node:crypto';
import { parseCaCertificates } from './ca-certificate.ts';
import type { ConnectionDto, ConnectionEventSource, ConnectionInput, ConnectionSettings, RemoteEventSource } from '../../shared/dto.ts';
import { PROVIDERS, REMOTE_EVENT_SOURCES } from '../../shared/dto.ts';
import { AppError } from '../../shared/errors.ts';
import type { SettingsStore } from '../settings/settings-store.ts';
import { presetFor, resolveEndpoint, unresolvedPlaceholder } from './presets.ts';
import { secretHint, type SecretStore } from './secret-store.ts';

const SETTINGS_KEY = 'connections';
export const LOCAL_CONNECTION_ID = 'local';

/** What the settings file holds per connection: never a secret. */
interface StoredConnection extends ConnectionSettings {
  id: string;
  /** Absent in files written before event sources existed: reads as 'observed'. */
  eventSource: RemoteEventSource;
}

/** Everything needed to sign requests; lives in main only. */
export interface ResolvedConnection extends Omit<StoredConnection, 'eventSource'> {
  eventSource: ConnectionEventSource;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

/** The embedded server's connection as the host knows it (endpoint and keys come from the server). */
export interface BuiltinConnection {
  name?: string;
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface ConnectionStoreOptions {
  settings: SettingsStore;
  secrets: SecretStore;
}

const secretId = (id: string): string => `connection:${id}:secret-access-key`;
const tokenId = (id: string): string => `connection:${id}:session-token`;

export class ConnectionStore {
  readonly #settings: SettingsStore;
  readonly #secrets: SecretStore;
  #builtin: ResolvedConnection | undefined;

  constructor(options: ConnectionStoreOptions) {
    this.#settings = options.settings;
    this.#secrets = options.secrets;
  }

  /** Registers (or, with undefined, withdraws) the embedded server's connection. */
  setBuiltin(builtin: BuiltinConnection | undefined): void {
    if (!builtin) {
      this.#builtin = undefined;
      return;
    }
    const preset = presetFor('local');
    this.#builtin = {
      id: LOCAL_CONNECTION_ID,
      name: builtin.name ?? 'Local',
      provider: 'local',
      endpoint: builtin.endpoint,
      region: builtin.region,
      forcePathStyle: preset.forcePathStyle,
      checksumMode: preset.checksumMode,
      accessKeyId: builtin.accessKeyId,
      secretAccessKey: builtin.secretAccessKey,
      eventSource: 'embedded',
    };
  }

  async list(): Promise<ConnectionDto[]> {
    const dtos: ConnectionDto[] = [];
    if (this.#builtin) dtos.push(this.#toDto(this.#builtin, this.#builtin.secretAccessKey, false, true));
    for (const stored of this.#readAll()) {
      const [secret, token] = await Promise.all([this.#secrets.get(secretId(stored.id)), this.#secrets.get(tokenId(stored.id))]);
      dtos.push(this.#toDto(stored, secret, token !== undefined && token !== '', false));
    }
    return dtos;
  }

  async get(id: string): Promise<ConnectionDto> {
    const dto = (await this.list()).find((c) => c.id === id);
    if (!dto) throw notFound(id);
    return dto;
  }

  /** The connection with its credentials, for the S3 client. */
  async resolve(id: string): Promise<ResolvedConnection> {
    if (id === LOCAL_CONNECTION_ID && this.#builtin) return { ...this.#builtin };
    const stored = this.#readAll().find((c) => c.id === id);
    if (!stored) throw notFound(id);
    const [secret, token] = await Promise.all([this.#secrets.get(secretId(id)), this.#secrets.get(tokenId(id))]);
    if (!secret) {
      throw new AppError({
        code: 'NotFound',
        message: `No secret key is stored for "${stored.name}"`,
        hint: 'Edit the connection and enter its secret access key again.',
      });
    }
    return { ...stored, secretAccessKey: secret, sessionToken: token || undefined };
  }

  /**
   * Resolves unsaved form input (for "Test connection"). When the input edits a saved connection and
   * leaves the secret empty, the stored secret is used, as saving would.
   */
  async resolveInput(input: ConnectionInput): Promise<ResolvedConnection> {
    const fields = normalise(input, input.id ?? 'unsaved', this.#readAll().find((c) => c.id === input.id)?.eventSource);
    let secret = input.secretAccessKey;
    let token = input.sessionToken;
    if (input.id !== undefined && (secret === undefined || token === undefined)) {
      const saved = this.#readAll().find((c) => c.id === input.id);
      if (saved) {
        secret ??= await this.#secrets.get(secretId(saved.id));
        token ??= await this.#secrets.get(tokenId(saved.id));
      }
    }
    if (!secret) throw invalid('secretAccessKey', 'Secret access key is required');
    return { ...fields, secretAccessKey: secret, sessionToken: token || undefined };
  }

  async save(input: ConnectionInput): Promise<ConnectionDto> {
    if (input.provider === 'local' || input.id === LOCAL_CONNECTION_ID) {
      throw new AppError({ code: 'InvalidInput', message: 'The Local connection is managed by Bucketscope and cannot be edited' });
    }
    const all = this.#readAll();
    const existing = input.id === undefined ? undefined : all.find((c) => c.id === input.id);
    if (input.id !== undefined && !existing) throw notFound(input.id);
    const id = existing?.id ?? randomUUID();
    const stored = normalise(input, id, existing?.eventSource);
    const copied = existing ? undefined : await this.#secretsOf(input.copySecretsFrom, all);
    const secret = input.secretAccessKey || copied?.secret;
    const token = input.sessionToken ?? copied?.token;
    if (!existing && !secret) throw invalid('secretAccessKey', 'Secret access key is required');

    // Secrets first: the settings file never lists a connection whose secret was not written.
    if (secret) await this.#secrets.set(secretId(id), secret);
    if (token === '') await this.#secrets.delete(tokenId(id));
    else if (token !== undefined) await this.#secrets.set(tokenId(id), token);

    const next = existing ? all.map((c) => (c.id === id ? stored : c)) : [...all, stored];
    this.#settings.set(SETTINGS_KEY, next);
    return this.get(id);
  }

  /** The stored secrets of the connection a new one is copied from (none asked: undefined). */
  async #secretsOf(sourceId: string | undefined, all: StoredConnection[]): Promise<{ secret?: string; token?: string } | undefined> {
    if (sourceId === undefined) return undefined;
    if (!all.some((c) => c.id === sourceId)) throw notFound(sourceId);
    const [secret, token] = await Promise.all([this.#secrets.get(secretId(sourceId)), this.#secrets.get(tokenId(sourceId))]);
    return { ...(secret ? { secret } : {}), ...(token ? { token } : {}) };
  }

  async remove(id: string): Promise<void> {
    if (id === LOCAL_CONNECTION_ID) {
      throw new AppError({ code: 'InvalidInput', message: 'The Local connection is managed by Bucketscope and cannot be removed' });
    }
    const all = this.#readAll();
    if (!all.some((c) => c.id === id)) throw notFound(id);
    this.#settings.set(
      SETTINGS_KEY,
      all.filter((c) => c.id !== id),
    );
    await this.#secrets.delete(secretId(id));
    await this.#secrets.delete(tokenId(id));
  }

  #readAll(): StoredConnection[] {
    const raw = this.#settings.get<unknown>(SETTINGS_KEY);
    if (!Array.isArray(raw)) return [];
    // Keep only well-formed entries and only the known fields, so a hand-edited file cannot smuggle in
    // anything else (a secret pasted into the wrong place never reaches a DTO).
    return raw.filter(isStoredConnection).map((c) => ({
      id: c.id,
      ...connectionSettings(c),
      eventSource: isRemoteEventSource(c.eventSource) ? c.eventSource : 'observed',
    }));
  }

  #toDto(c: StoredConnection | ResolvedConnection, secret: string | undefined, hasSessionToken: boolean, builtin: boolean): ConnectionDto {
    return {
      id: c.id,
      ...connectionSettings(c),
      secretHint: secretHint(secret),
      hasSessionToken,
      builtin,
      eventSource: c.eventSource,
    };
  }
}

function normalise(input: ConnectionInput, id: string, savedEventSource: RemoteEventSource | undefined): StoredConnection {
  const region = input.region.trim() || presetFor(input.provider).region;
  const endpoint = resolveEndpoint(input.endpoint.trim(), region).replace(/\/+$/, '');
  const placeholder = unresolvedPlaceholder(endpoint);
  if (placeholder) throw invalid('endpoint', `Replace ${placeholder} in the endpoint`);
  if (endpoint === '' && input.provider !== 'aws') throw invalid('endpoint', 'Endpoint is required for this provider');
  if (endpoint !== '') {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw invalid('endpoint', 'Endpoint must be an http(s) URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('endpoint', 'Endpoint must be an http(s) URL');
  }
  return {
    id,
    name: input.name.trim(),
    provider: input.provider,
    endpoint,
    region,
    forcePathStyle: input.forcePathStyle,
    checksumMode: input.checksumMode,
    accessKeyId: input.accessKeyId.trim(),
    ...caCertificate(input.caCertificate),
    eventSource: input.eventSource ?? savedEventSource ?? 'observed',
  };
}

/** The trusted certificates as normalised PEM, or nothing; text that is not PEM certificates is refused. */
function caCertificate(pem: string | undefined): { caCertificate?: string } {
  if (!pem?.trim()) return {};
  const parsed = parseCaCertificates(pem);
  if ('error' in parsed) throw invalid('caCertificate', parsed.error);
  return { caCertificate: parsed.pem };
}

/**
 * Exactly the settings fields, whatever else `c` carries: a hand-edited settings file cannot smuggle anything else
 * (a secret pasted into the wrong place) into a DTO.
 */
function connectionSettings(c: ConnectionSettings): ConnectionSettings {
  return {
    name: c.name,
    provider: c.provider,
    endpoint: c.endpoint,
    region: c.region,
    forcePathStyle: c.forcePathStyle,
    checksumMode: c.checksumMode,
    accessKeyId: c.accessKeyId,
    ...(typeof c.caCertificate === 'string' && c.caCertificate !== '' ? { caCertificate: c.caCertificate } : {}),
  };
}

function isRemoteEventSource(value: unknown): value is RemoteEventSource {
  return typeof value === 'string' && (REMOTE_EVENT_SOURCES as readonly string[]).includes(value);
}

function isStoredConnection(value: unknown): value is StoredConnection {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    typeof c.id === 'string' &&
    typeof c.name === 'string' &&
    typeof c.provider === 'string' &&
    (PROVIDERS as readonly string[]).includes(c.provider) &&
    typeof c.endpoint === 'string' &&
    typeof c.region === 'string' &&
    typeof c.forcePathStyle === 'boolean' &&
    (c.checksumMode === 'WHEN_SUPPORTED' || c.checksumMode === 'WHEN_REQUIRED') &&
    typeof c.accessKeyId === 'string' &&
    (c.caCertificate === undefined || typeof c.caCertificate === 'string')
  );
}

function notFound(id: string): AppError {
  return new AppError({ code: 'NotFound', message: `Connection "${id}" does not exist` });
}

function invalid(field: string, message: string): AppError {
  return new AppError({ code: 'InvalidInput', message, fields: { [field]: message } });
}
